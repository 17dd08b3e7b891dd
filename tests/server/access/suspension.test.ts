import { eq } from 'drizzle-orm';
import { riderSuspensions } from '../../../server/src/db/schema/index.js';
import { gateCodeUrl } from '../../../server/src/access/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, randomPhone, register, scanBody } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;

describe('suspending a rider (street operator, district admin)', () => {
  let t: TestContext;
  let w: World;
  let district: Record<string, string>;
  let streetA: Record<string, string>;
  let streetB: Record<string, string>;
  let otherDistrict: Record<string, string>;
  beforeAll(async () => {
    t = await buildTestApp({ ACCESS_DEDUPE_SECONDS: '0' });
    w = await createAccessWorld(t.app, t.db);
    district = bearer(accessTokenFor(t.app, w.districtAdmin));
    streetA = bearer(accessTokenFor(t.app, w.a.streetOperator));
    streetB = bearer(accessTokenFor(t.app, w.b.streetOperator));
    otherDistrict = bearer(accessTokenFor(t.app, w.otherDistrictAdmin));
  });
  afterAll(async () => {
    await t.close();
  });

  /** A registered rider with an approved pass in `communityId` (community A by default). */
  async function rider(profile: Record<string, unknown> = {}, communityId = w.a.community.id) {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers, profile);
    await applyAndApprove(t.app, headers, communityId, communityId === w.a.community.id ? w.adminA : w.adminB);
    return { id: user.id, headers };
  }
  const suspend = (headers: Record<string, string>, id: string, reason = '多次在小区内逆行，被业主投诉') =>
    t.app.inject({ method: 'POST', url: `/api/v1/access/riders/${id}/suspend`, headers, payload: { reason } });
  const lift = (headers: Record<string, string>, id: string, reason = '已教育，承诺遵守小区规定') =>
    t.app.inject({ method: 'POST', url: `/api/v1/access/riders/${id}/lift`, headers, payload: { reason } });
  const scanA = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/access/scans',
      headers,
      payload: scanBody(gateCodeUrl(t.config.access, w.gateA.id, w.gateA.codeVersion)),
    });
  const myCode = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers });
  const guardCheck = (code: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/access/rider-checks', headers: w.adminA, payload: { code } });

  it('takes effect at once: scans denied, no new rider code, a code already shown is denied by the guard', async () => {
    const r = await rider();
    expect((await scanA(r.headers)).json().granted).toBe(true);
    const shown = (await myCode(r.headers)).json().code as string;

    const res = await suspend(district, r.id);
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail.rider.suspension).toEqual({
      since: expect.any(String),
      reason: '多次在小区内逆行，被业主投诉',
      byRole: 'district_admin',
    });
    expect(detail.history).toEqual([
      expect.objectContaining({
        action: 'suspend',
        reason: '多次在小区内逆行，被业主投诉',
        actorName: w.districtAdmin.displayName,
        actorRole: 'district_admin',
      }),
    ]);

    const denied = (await scanA(r.headers)).json();
    expect(denied).toEqual(expect.objectContaining({ granted: false, reason: 'RIDER_SUSPENDED', guide: null }));
    expectError(await myCode(r.headers), 403, 'RIDER_SUSPENDED');
    expect((await guardCheck(shown)).json()).toEqual(
      expect.objectContaining({ granted: false, reason: 'RIDER_SUSPENDED' }),
    );
  });

  it('the rider sees why on its profile; the community admin sees it in the review queue', async () => {
    const r = await rider({ realName: '孙悟' });
    const fine = await rider({ realName: '猪八' });
    await suspend(district, r.id, '冒用他人身份');
    const { profile } = (
      await t.app.inject({ method: 'GET', url: '/api/v1/access/profile', headers: r.headers })
    ).json();
    expect(profile.suspended).toBe(true);
    expect(profile.suspension).toEqual(expect.objectContaining({ reason: '冒用他人身份', byRole: 'district_admin' }));
    const queue = (
      await t.app.inject({ method: 'GET', url: '/api/v1/access/review?status=approved', headers: w.adminA })
    ).json();
    const item = queue.items.find((i: { rider: { id: string } }) => i.rider.id === r.id);
    expect(item.rider.suspension).toEqual(expect.objectContaining({ reason: '冒用他人身份' }));
    expect(queue.items.find((i: { rider: { id: string } }) => i.rider.id === fine.id).rider.suspension).toBeNull();
  });

  it('lifting restores access at once and is audited; history is newest first', async () => {
    const r = await rider();
    await suspend(district, r.id);
    const res = await lift(district, r.id);
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail.rider.suspension).toBeNull();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['lift', 'suspend']);
    expect(detail.history[0].reason).toBe('已教育，承诺遵守小区规定');
    expect((await scanA(r.headers)).json().granted).toBe(true);
    expect((await myCode(r.headers)).statusCode).toBe(200);
    const { profile } = (
      await t.app.inject({ method: 'GET', url: '/api/v1/access/profile', headers: r.headers })
    ).json();
    expect(profile).toEqual(expect.objectContaining({ suspended: false, suspension: null }));
    const audit = await t.db.select().from(riderSuspensions).where(eq(riderSuspensions.riderId, r.id));
    expect(audit.map((a) => [a.action, a.actorId])).toEqual(
      expect.arrayContaining([
        ['suspend', w.districtAdmin.id],
        ['lift', w.districtAdmin.id],
      ]),
    );
  });

  it('refuses a second suspend (409), a lift when not suspended (409), and a blank or missing reason', async () => {
    const r = await rider();
    expectError(await lift(district, r.id), 409, 'RIDER_NOT_SUSPENDED');
    expectError(await suspend(district, r.id, '   '), 400, 'REASON_REQUIRED');
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/access/riders/${r.id}/suspend`,
        headers: district,
        payload: {},
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await suspend(district, r.id, '长'.repeat(201)), 400, 'VALIDATION_FAILED');
    expect((await suspend(district, r.id)).statusCode).toBe(200);
    expectError(await suspend(district, r.id), 409, 'RIDER_ALREADY_SUSPENDED');
    // Refusals write no audit row.
    expect(await t.db.select().from(riderSuspensions).where(eq(riderSuspensions.riderId, r.id))).toHaveLength(1);
  });

  it('two suspends at once: one wins, the other is 409, one audit row', async () => {
    const r = await rider();
    const results = await Promise.all([suspend(district, r.id), suspend(streetA, r.id)]);
    expect(results.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(await t.db.select().from(riderSuspensions).where(eq(riderSuspensions.riderId, r.id))).toHaveLength(1);
  });

  it('scope: only staff whose street or district holds one of the rider’s communities', async () => {
    const r = await rider();
    expectError(await suspend(otherDistrict, r.id), 403, 'OUT_OF_SCOPE');
    expectError(await suspend(streetB, r.id), 403, 'OUT_OF_SCOPE');
    expectError(
      await t.app.inject({ method: 'GET', url: `/api/v1/access/riders/${r.id}`, headers: streetB }),
      403,
      'OUT_OF_SCOPE',
    );
    // Community admins revoke their own pass instead; riders and merchants have no say.
    expectError(await suspend(w.adminA, r.id), 403, 'FORBIDDEN');
    expectError(await suspend(r.headers, r.id), 403, 'FORBIDDEN');
    expectError(await suspend(bearer(accessTokenFor(t.app, w.a.merchantUser)), r.id), 403, 'FORBIDDEN');
    // Unknown: no such user, or a user who never registered as a rider.
    expectError(await suspend(district, '00000000-0000-4000-8000-00000000abcd'), 404, 'RIDER_UNKNOWN');
    const unregistered = await createUser(t.db, 'rider');
    expectError(await suspend(district, unregistered.id), 404, 'RIDER_UNKNOWN');
    expectError(await suspend(district, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    // A rider known only in community B is not the street A operator's to suspend.
    const elsewhere = await rider({}, w.b.community.id);
    expectError(await suspend(streetA, elsewhere.id), 403, 'OUT_OF_SCOPE');
    expect((await suspend(otherDistrict, elsewhere.id)).statusCode).toBe(200);
  });

  it('a street operator suspends and lifts in its street, but cannot lift a district’s suspension', async () => {
    const r = await rider();
    const own = (await suspend(streetA, r.id, '街道网格员发现其多次闯红灯')).json();
    expect(own.rider.suspension.byRole).toBe('street_operator');
    expect((await lift(streetA, r.id)).statusCode).toBe(200);
    await suspend(district, r.id);
    expectError(await lift(streetA, r.id), 403, 'SUSPENSION_HELD_BY_DISTRICT');
    expect((await lift(district, r.id)).statusCode).toBe(200);
    // The district may lift what a street decided.
    await suspend(streetA, r.id);
    expect((await lift(district, r.id)).statusCode).toBe(200);
  });

  it('lists riders in scope by name, plate, phone (last 4 or full) and suspension; phones stay masked', async () => {
    const phone = randomPhone();
    const r = await rider({ realName: '周大福', phone, plate: '京C99887' });
    const b = await rider({ realName: '周小福' }, w.b.community.id);
    const list = async (headers: Record<string, string>, q: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/access/riders?${q}`, headers })).json();
    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

    const byName = await list(district, `q=${encodeURIComponent('周')}`);
    expect(ids(byName)).toContain(r.id);
    expect(ids(byName)).not.toContain(b.id);
    expect(ids(await list(otherDistrict, `q=${encodeURIComponent('周')}`))).toEqual([b.id]);
    expect(ids(await list(district, `q=${phone.slice(-4)}`))).toContain(r.id);
    expect(ids(await list(district, `q=${phone}`))).toEqual([r.id]);
    expect(ids(await list(streetA, 'q=c998'))).toEqual([r.id]);
    expect(ids(await list(district, `q=${encodeURIComponent('%')}`))).toEqual([]);
    const item = (await list(district, `q=${phone}`)).items[0];
    expect(item).toEqual(
      expect.objectContaining({
        realName: '周大福',
        phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        plate: '京C99887',
        suspension: null,
      }),
    );
    expect(item.passes).toEqual([
      { communityId: w.a.community.id, communityName: w.a.community.name, status: 'approved' },
    ]);
    expect(JSON.stringify(await list(district, ''))).not.toContain(phone);

    await suspend(district, r.id, '测试');
    const suspended = await list(district, 'suspended=true');
    expect(ids(suspended)).toContain(r.id);
    expect(suspended.items.every((i: { suspension: unknown }) => i.suspension !== null)).toBe(true);
    expect(ids(await list(district, 'suspended=false'))).not.toContain(r.id);
    // Suspended riders come first.
    expect((await list(district, '')).items[0].suspension).not.toBeNull();
    expect(ids(await list(streetB, 'suspended=true'))).not.toContain(r.id);
    expectError(
      await t.app.inject({ method: 'GET', url: '/api/v1/access/riders', headers: w.adminA }),
      403,
      'FORBIDDEN',
    );
  });
});
