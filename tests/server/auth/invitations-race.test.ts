import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../../server/src/db/client.js';
import { invitations, staffScopes, users } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

type Caller = { id: string; role: string };

// Two staff (or a staff member and the invitee) acting on one invitation at the same moment: the
// row lock in both use cases makes exactly one of them win, and the loser changes nothing.
describe('staff invitations: revoke and redeem at once', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;

  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '1000' });
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (caller: Caller) => bearer(accessTokenFor(t.app, caller));
  const issue = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: as(s.districtAdmin),
      payload: { role: 'community_admin', communityIds: [s.a.community.id], displayName: '同事' },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; code: string };
  };
  const revoke = (caller: Caller, id: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/auth/invitations/${id}/revoke`, headers: as(caller) });
  const redeem = (caller: Caller, code: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/redeem', headers: as(caller), payload: { code } });

  it('of a revoke and a redeem at once exactly one wins, and the loser writes nothing', async () => {
    for (let round = 0; round < 8; round++) {
      const inv = await issue();
      const rider = await createUser(t.db, 'rider');
      // Alternate who is sent first, so either side gets the lock first on some rounds.
      const [revoked, redeemed] =
        round % 2 === 0
          ? await Promise.all([revoke(s.districtAdmin, inv.id), redeem(rider, inv.code)])
          : await Promise.all([redeem(rider, inv.code), revoke(s.districtAdmin, inv.id)]).then(
              ([a, b]) => [b, a] as const,
            );
      const row = (await t.db.query.invitations.findFirst({ where: eq(invitations.id, inv.id) }))!;
      const [user] = await t.db.select().from(users).where(eq(users.id, rider.id));
      const scopes = await t.db.$count(staffScopes, eq(staffScopes.userId, rider.id));
      const audits = rowsOf<{ action: string }>(
        await t.db.execute(sql`select action from audit_log where target_id = ${inv.id} order by action`),
      ).map((a) => a.action);
      if (revoked!.statusCode === 200) {
        expect(redeemed!.statusCode).toBe(410);
        expect(redeemed!.json().code).toBe('INVITATION_REVOKED');
        expect(row.redeemedAt).toBeNull();
        expect(user!.role).toBe('rider');
        expect(scopes).toBe(0);
        expect(audits).toEqual(['invitation.issue', 'invitation.revoke']);
      } else {
        expect(redeemed!.statusCode).toBe(200);
        expect(revoked!.statusCode).toBe(409);
        expect(revoked!.json().code).toBe('INVITATION_USED');
        expect(row.revokedAt).toBeNull();
        expect(row.redeemedBy).toBe(rider.id);
        expect(user!.role).toBe('community_admin');
        expect(scopes).toBe(1);
        expect(audits).toEqual(['invitation.issue', 'invitation.redeem']);
      }
    }
  });

  it('two staff revoking the same invitation at once: one 200, the other 409, one audit row', async () => {
    const inv = await issue();
    const results = await Promise.all([revoke(s.districtAdmin, inv.id), revoke(s.a.communityAdmin, inv.id)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('INVITATION_REVOKED');
    const audits = rowsOf<{ action: string }>(
      await t.db.execute(
        sql`select action from audit_log where target_id = ${inv.id} and action = 'invitation.revoke'`,
      ),
    );
    expect(audits).toHaveLength(1);
  });

  it('two riders redeeming the same code at once: one becomes staff, the other is refused', async () => {
    const inv = await issue();
    const [r1, r2] = [await createUser(t.db, 'rider'), await createUser(t.db, 'rider')];
    const results = await Promise.all([redeem(r1, inv.code), redeem(r2, inv.code)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const roles = await t.db
      .select({ role: users.role })
      .from(users)
      .where(sql`${users.id} in (${r1.id}, ${r2.id})`);
    expect(roles.map((r) => r.role).sort()).toEqual(['community_admin', 'rider']);
  });
});
