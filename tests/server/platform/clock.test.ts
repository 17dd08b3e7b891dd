import { eq } from 'drizzle-orm';
import { notifications } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

// buildApp({ now }) is the one clock of every job (app.clock, passed to each job's context): moving
// it moves the rules of auth and notifications as it moves those of reports and points.
describe('one injected clock for every job', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  let clock = new Date('2030-01-07T02:00:00.000Z');

  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '1000' }, { now: () => clock });
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('auth: an invitation expires by the app clock, not the wall clock', async () => {
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: bearer(accessTokenFor(t.app, s.districtAdmin)),
      payload: { role: 'street_operator', streetId: s.a.street.id, displayName: '街道 小吴' },
    });
    expect(issued.statusCode).toBe(201);
    const { code, expiresAt } = issued.json() as { code: string; expiresAt: string };
    expect(expiresAt).toBe(new Date(clock.getTime() + t.config.invitationTtlHours * 3600_000).toISOString());

    clock = new Date(new Date(expiresAt).getTime() + 60_000);
    const rider = await createUser(t.db, 'rider');
    const redeemed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/redeem',
      headers: bearer(accessTokenFor(t.app, rider)),
      payload: { code },
    });
    expect(redeemed.statusCode).toBe(410);
    expect(redeemed.json().code).toBe('INVITATION_EXPIRED');
  });

  it('notifications: a notice is read at the app clock', async () => {
    const [notice] = await t.db
      .insert(notifications)
      .values({ userId: s.rider.id, kind: 'report_fixed', title: '路面已完成修复', body: '谢谢你的上报' })
      .returning({ id: notifications.id });
    clock = new Date('2031-05-01T08:30:00.000Z');
    const read = await t.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${notice!.id}/read`,
      headers: bearer(accessTokenFor(t.app, s.rider)),
    });
    expect(read.statusCode).toBe(204);
    const [row] = await t.db.select().from(notifications).where(eq(notifications.id, notice!.id));
    expect(row!.readAt?.toISOString()).toBe(clock.toISOString());
  });
});
