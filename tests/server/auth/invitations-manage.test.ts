import { eq, sql } from 'drizzle-orm';
import type { InvitationList, InvitationSummary, TokenPair } from '@nuanxin/shared/auth/schemas';
import { rowsOf } from '../../../server/src/db/client.js';
import { invitations, staffScopes, teams, users } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createCommunity, createTwoScopes, createUser } from '../../fixtures/factories.js';
import { createGate } from '../../fixtures/access.js';

type Caller = { id: string; role: string };
type Issued = { id: string; code: string; role: string; displayName: string; expiresAt: string };

const HOUR = 3600_000;

describe('staff invitations: expiry, list, revoke, scope matrix, audit', () => {
  let t: TestContext;
  let s: Awaited<ReturnType<typeof createTwoScopes>>;
  // The use cases' clock; a test moves it forward to expire codes.
  let clock: Date | null = null;
  let teamA: { id: string };
  let teamB: { id: string };
  let gateA1: { id: string };
  let gateA2: { id: string };
  let gateOther: { id: string };
  let communityA2: { id: string };

  beforeAll(async () => {
    t = await buildTestApp({ LOGIN_RATE_LIMIT: '1000' }, { now: () => clock ?? new Date() });
    s = await createTwoScopes(t.db);
    communityA2 = await createCommunity(t.db, s.a.street.id, 'A二小区');
    gateA1 = await createGate(t.db, s.a.community.id, { name: '东门' });
    gateA2 = await createGate(t.db, s.a.community.id, { name: '北门' });
    gateOther = await createGate(t.db, communityA2.id, { name: '西门' });
    const team = async (districtId: string, streetId: string, name: string) =>
      (await t.db.insert(teams).values({ districtId, streetId, name }).returning())[0]!;
    teamA = await team(s.district.id, s.a.street.id, 'A应急队');
    teamB = await team(s.otherDistrict.id, s.b.street.id, 'B应急队');
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    clock = null;
  });

  const as = (caller: Caller) => bearer(accessTokenFor(t.app, caller));
  const invite = (caller: Caller, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations',
      headers: as(caller),
      payload: { displayName: '新同事', ...payload },
    });
  const issue = async (caller: Caller, payload: Record<string, unknown>): Promise<Issued> => {
    const res = await invite(caller, payload);
    expect(res.statusCode).toBe(201);
    return res.json();
  };
  const redeem = (caller: Caller, code: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/redeem', headers: as(caller), payload: { code } });
  const revoke = (caller: Caller, id: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/auth/invitations/${id}/revoke`, headers: as(caller) });
  const list = (caller: Caller, query = 'pageSize=100') =>
    t.app.inject({ method: 'GET', url: `/api/v1/auth/invitations?${query}`, headers: as(caller) });
  const listed = async (caller: Caller, query?: string): Promise<InvitationList> => {
    const res = await list(caller, query);
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const find = async (caller: Caller, id: string): Promise<InvitationSummary | undefined> =>
    (await listed(caller)).items.find((i) => i.id === id);
  const auditRows = async (targetId: string) =>
    rowsOf<{
      action: string;
      actor_id: string | null;
      actor_role: string;
      community_id: string | null;
      street_id: string | null;
      district_id: string | null;
      before: unknown;
      after: unknown;
    }>(await t.db.execute(sql`select * from audit_log where target_id = ${targetId} order by at, action`));

  describe('expiry choice', () => {
    it('an issuer chooses how long the code lasts, in hours', async () => {
      clock = new Date('2027-03-01T08:00:00Z');
      const inv = await issue(s.districtAdmin, {
        role: 'street_operator',
        streetId: s.a.street.id,
        expiresInHours: 48,
      });
      expect(inv.expiresAt).toBe(new Date(clock.getTime() + 48 * HOUR).toISOString());
    });

    it('without a choice it lasts INVITATION_TTL_HOURS', async () => {
      clock = new Date('2027-03-01T08:00:00Z');
      const inv = await issue(s.districtAdmin, { role: 'street_operator', streetId: s.a.street.id });
      expect(inv.expiresAt).toBe(new Date(clock.getTime() + t.config.invitationTtlHours * HOUR).toISOString());
    });

    it.each([0, 721, 1.5, -3])(
      'an expiry of %p hours is refused naming the field, and nothing is written',
      async (hours) => {
        const before = await t.db.$count(invitations);
        const body = expectError(
          await invite(s.districtAdmin, { role: 'street_operator', streetId: s.a.street.id, expiresInHours: hours }),
          400,
          'VALIDATION_FAILED',
        );
        expect(body.field).toBe('expiresInHours');
        expect(await t.db.$count(invitations)).toBe(before);
      },
    );

    it('a blank name is refused with a Chinese message naming the field', async () => {
      const body = expectError(
        await invite(s.districtAdmin, { role: 'street_operator', streetId: s.a.street.id, displayName: '   ' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.field).toBe('displayName');
    });
  });

  describe('who may invite whom (gate guards and crew members)', () => {
    it('a community admin invites a gate guard for gates of its own community', async () => {
      const inv = await issue(s.a.communityAdmin, { role: 'gate_guard', gateIds: [gateA1.id, gateA2.id] });
      const row = await t.db.query.invitations.findFirst({ where: eq(invitations.id, inv.id) });
      expect(row!.scope).toEqual([
        { kind: 'gate', refId: gateA1.id },
        { kind: 'gate', refId: gateA2.id },
      ]);
    });

    it('gates of two communities in one invitation are refused naming the field', async () => {
      const body = expectError(
        await invite(s.districtAdmin, { role: 'gate_guard', gateIds: [gateA1.id, gateOther.id] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(body.field).toBe('gateIds');
    });

    it('a community admin cannot invite a guard for a gate of another community', async () => {
      expectError(
        await invite(s.a.communityAdmin, { role: 'gate_guard', gateIds: [gateOther.id] }),
        403,
        'OUT_OF_SCOPE',
      );
    });

    it('a street operator invites crew members for its street’s teams only', async () => {
      await issue(s.a.streetOperator, { role: 'crew_member', teamId: teamA.id });
      expectError(await invite(s.a.streetOperator, { role: 'crew_member', teamId: teamB.id }), 403, 'OUT_OF_SCOPE');
    });

    it.each([
      ['street_operator', 'community_admin'],
      ['street_operator', 'gate_guard'],
      ['community_admin', 'street_operator'],
      ['community_admin', 'crew_member'],
      ['community_admin', 'merchant'],
    ] as const)('a %s may not invite a %s', async (inviterRole, role) => {
      const inviter = inviterRole === 'street_operator' ? s.a.streetOperator : s.a.communityAdmin;
      const payload = {
        role,
        streetId: s.a.street.id,
        communityIds: [s.a.community.id],
        gateIds: [gateA1.id],
        teamId: teamA.id,
        merchantId: s.a.merchant.id,
      };
      expectError(await invite(inviter, payload), 403, 'FORBIDDEN');
    });

    it('a merchant, a gate guard or a rider may not invite anyone', async () => {
      const guard = await createUser(t.db, 'gate_guard', [{ kind: 'gate', refId: gateA1.id }]);
      for (const caller of [s.a.merchantUser, guard, s.rider]) {
        expectError(await invite(caller, { role: 'gate_guard', gateIds: [gateA1.id] }), 403, 'FORBIDDEN');
      }
    });

    it('a redeemed guard invitation makes a gate guard whose /me names its gates', async () => {
      const inv = await issue(s.a.communityAdmin, {
        role: 'gate_guard',
        gateIds: [gateA1.id],
        displayName: '东门 老周',
      });
      const rider = await createUser(t.db, 'rider');
      const res = await redeem(rider, inv.code);
      expect(res.statusCode).toBe(200);
      const pair: TokenPair = res.json();
      expect(pair.user.role).toBe('gate_guard');
      expect(pair.user.scope.gates).toEqual([{ id: gateA1.id, name: `${s.a.community.name} · 东门` }]);
      expect(pair.user.scope.communities).toEqual([]);
    });

    it('a redeemed crew invitation makes a crew member of that team', async () => {
      const inv = await issue(s.a.streetOperator, { role: 'crew_member', teamId: teamA.id });
      const rider = await createUser(t.db, 'rider');
      const res = await redeem(rider, inv.code);
      expect(res.statusCode).toBe(200);
      expect((res.json() as TokenPair).user.role).toBe('crew_member');
      // Its own view names the team (the workbench shows it).
      expect((res.json() as TokenPair).user.scope.teams).toEqual([{ id: teamA.id, name: 'A应急队' }]);
      const scopes = await t.db.select().from(staffScopes).where(eq(staffScopes.userId, rider.id));
      expect(scopes.map((r) => [r.kind, r.refId])).toEqual([['team', teamA.id]]);
    });
  });

  describe('list and revoke: the scope matrix', () => {
    let m: Record<string, Issued>;
    beforeAll(async () => {
      m = {
        streetOp: await issue(s.districtAdmin, { role: 'street_operator', streetId: s.a.street.id }),
        adminA: await issue(s.districtAdmin, { role: 'community_admin', communityIds: [s.a.community.id] }),
        adminA2: await issue(s.districtAdmin, { role: 'community_admin', communityIds: [communityA2.id] }),
        adminBoth: await issue(s.districtAdmin, {
          role: 'community_admin',
          communityIds: [s.a.community.id, communityA2.id],
        }),
        guardA: await issue(s.a.communityAdmin, { role: 'gate_guard', gateIds: [gateA1.id] }),
        crewA: await issue(s.a.streetOperator, { role: 'crew_member', teamId: teamA.id }),
        merchantA: await issue(s.districtAdmin, { role: 'merchant', merchantId: s.a.merchant.id }),
        districtA: await issue(s.districtAdmin, { role: 'district_admin' }),
        adminB: await issue(s.otherDistrictAdmin, { role: 'community_admin', communityIds: [s.b.community.id] }),
        crewB: await issue(s.otherDistrictAdmin, { role: 'crew_member', teamId: teamB.id }),
      };
    });

    const visible: [string, () => Caller, string[]][] = [
      [
        'district admin A',
        () => s.districtAdmin,
        ['streetOp', 'adminA', 'adminA2', 'adminBoth', 'guardA', 'crewA', 'merchantA', 'districtA'],
      ],
      ['district admin B', () => s.otherDistrictAdmin, ['adminB', 'crewB']],
      ['street operator A', () => s.a.streetOperator, ['crewA']],
      ['street operator B', () => s.b.streetOperator, ['crewB']],
      ['community admin A', () => s.a.communityAdmin, ['adminA', 'guardA']],
      ['community admin B', () => s.b.communityAdmin, ['adminB']],
    ];

    it.each(visible)('%s sees exactly the invitations it could have issued', async (_name, caller, expected) => {
      const ids = new Set((await listed(caller())).items.map((i) => i.id));
      const seen = Object.entries(m)
        .filter(([, inv]) => ids.has(inv.id))
        .map(([key]) => key);
      expect(seen.sort()).toEqual([...expected].sort());
    });

    it('the list never carries the code, and names the scope and the issuer', async () => {
      const res = await list(s.districtAdmin);
      expect(res.body).not.toContain(m.adminA!.code);
      const item = (res.json() as InvitationList).items.find((i) => i.id === m.adminBoth!.id)!;
      expect(item).toMatchObject({ role: 'community_admin', status: 'pending', redeemedByName: null, revokedAt: null });
      expect(item.scopeLabel).toBe(['A二小区', 'A小区'].sort().join('、'));
      const guard = (await listed(s.a.communityAdmin)).items.find((i) => i.id === m.guardA!.id)!;
      expect(guard.scopeLabel).toBe('A小区 · 东门');
      expect(guard.createdByName).toBe('测试用户');
    });

    it.each([
      ['a merchant', () => s.a.merchantUser],
      ['a rider', () => s.rider],
    ])('%s may not list invitations', async (_name, caller) => {
      expectError(await list(caller()), 403, 'FORBIDDEN');
    });

    it.each([
      ['street operator A', () => s.a.streetOperator, 'adminA'],
      ['community admin A', () => s.a.communityAdmin, 'adminA2'],
      ['community admin A (one of two communities is not its own)', () => s.a.communityAdmin, 'adminBoth'],
      ['community admin A (crew)', () => s.a.communityAdmin, 'crewA'],
      ['district admin B', () => s.otherDistrictAdmin, 'streetOp'],
      ['street operator B', () => s.b.streetOperator, 'crewA'],
    ])('%s may not revoke %s: 403 and the invitation stays usable', async (_name, caller, key) => {
      expectError(await revoke(caller(), m[key]!.id), 403, 'OUT_OF_SCOPE');
      const row = await t.db.query.invitations.findFirst({ where: eq(invitations.id, m[key]!.id) });
      expect(row!.revokedAt).toBeNull();
    });

    it('a merchant or a rider may not revoke', async () => {
      expectError(await revoke(s.a.merchantUser, m.merchantA!.id), 403, 'FORBIDDEN');
      expectError(await revoke(s.rider, m.merchantA!.id), 403, 'FORBIDDEN');
    });

    it('an unknown invitation answers 404', async () => {
      expectError(await revoke(s.districtAdmin, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    });

    it.each([
      ['district admin A', () => s.districtAdmin, 'streetOp'],
      ['community admin A', () => s.a.communityAdmin, 'guardA'],
      ['street operator A', () => s.a.streetOperator, 'crewA'],
      ['district admin B', () => s.otherDistrictAdmin, 'adminB'],
    ])('%s revokes %s; it lists as 已撤销 and is audited', async (_name, caller, key) => {
      const inv = m[key]!;
      const res = await revoke(caller(), inv.id);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: inv.id, status: 'revoked' });
      const row = await t.db.query.invitations.findFirst({ where: eq(invitations.id, inv.id) });
      expect(row!.revokedBy).toBe(caller().id);
      expect((await find(caller(), inv.id))!.status).toBe('revoked');
      const audit = await auditRows(inv.id);
      expect(audit.map((a) => a.action)).toEqual(['invitation.issue', 'invitation.revoke']);
      expect(audit[1]).toMatchObject({
        actor_id: caller().id,
        before: { status: 'pending' },
        after: { status: 'revoked' },
      });
    });
  });

  describe('refusals: revoked, expired, used', () => {
    it('a revoked code cannot be redeemed (410 INVITATION_REVOKED) nor revoked again (409)', async () => {
      const inv = await issue(s.districtAdmin, { role: 'community_admin', communityIds: [s.a.community.id] });
      expect((await revoke(s.districtAdmin, inv.id)).statusCode).toBe(200);
      const rider = await createUser(t.db, 'rider');
      expectError(await redeem(rider, inv.code), 410, 'INVITATION_REVOKED');
      const [user] = await t.db.select().from(users).where(eq(users.id, rider.id));
      expect(user!.role).toBe('rider');
      expect(await t.db.$count(staffScopes, eq(staffScopes.userId, rider.id))).toBe(0);
      expectError(await revoke(s.districtAdmin, inv.id), 409, 'INVITATION_REVOKED');
    });

    it('a used code cannot be revoked (409 INVITATION_USED); the list names who redeemed it, nothing more', async () => {
      const inv = await issue(s.a.communityAdmin, { role: 'community_admin', communityIds: [s.a.community.id] });
      const rider = await createUser(t.db, 'rider', [], '新来的 小王');
      expect((await redeem(rider, inv.code)).statusCode).toBe(200);
      expectError(await revoke(s.a.communityAdmin, inv.id), 409, 'INVITATION_USED');
      const item = (await find(s.a.communityAdmin, inv.id))!;
      expect(item.status).toBe('redeemed');
      // The invitation's name became the user's display name.
      expect(item.redeemedByName).toBe('新同事');
      expect(Object.keys(item).sort()).toEqual(
        [
          'createdAt',
          'createdByName',
          'displayName',
          'expiresAt',
          'id',
          'redeemedAt',
          'redeemedByName',
          'revokedAt',
          'role',
          'scopeLabel',
          'status',
        ].sort(),
      );
      const audit = await auditRows(inv.id);
      expect(audit.map((a) => a.action)).toEqual(['invitation.issue', 'invitation.redeem']);
      expect(audit[1]).toMatchObject({ actor_id: rider.id, actor_role: 'rider', community_id: s.a.community.id });
      expect(audit[0]).toMatchObject({
        actor_id: s.a.communityAdmin.id,
        community_id: s.a.community.id,
        street_id: s.a.street.id,
        district_id: s.district.id,
      });
    });

    it('an expired code lists as 已过期, cannot be redeemed (410) nor revoked (410)', async () => {
      clock = new Date('2027-05-01T08:00:00Z');
      const inv = await issue(s.districtAdmin, { role: 'street_operator', streetId: s.a.street.id, expiresInHours: 1 });
      clock = new Date('2027-05-01T09:00:01Z');
      expect((await find(s.districtAdmin, inv.id))!.status).toBe('expired');
      expectError(await redeem(await createUser(t.db, 'rider'), inv.code), 410, 'INVITATION_EXPIRED');
      expectError(await revoke(s.districtAdmin, inv.id), 410, 'INVITATION_EXPIRED');
      const row = await t.db.query.invitations.findFirst({ where: eq(invitations.id, inv.id) });
      expect(row!.revokedAt).toBeNull();
    });

    it('filters by status and pages', async () => {
      const a = await issue(s.b.communityAdmin, { role: 'community_admin', communityIds: [s.b.community.id] });
      const b = await issue(s.b.communityAdmin, { role: 'community_admin', communityIds: [s.b.community.id] });
      await revoke(s.b.communityAdmin, a.id);
      const revoked = await listed(s.b.communityAdmin, 'status=revoked&pageSize=100');
      expect(revoked.items.every((i) => i.status === 'revoked')).toBe(true);
      expect(revoked.items.map((i) => i.id)).toContain(a.id);
      const pending = await listed(s.b.communityAdmin, 'status=pending&pageSize=100');
      expect(pending.items.map((i) => i.id)).toContain(b.id);
      expect(pending.items.map((i) => i.id)).not.toContain(a.id);

      const all = await listed(s.b.communityAdmin, 'pageSize=100');
      const page1 = await listed(s.b.communityAdmin, 'pageSize=1&page=1');
      const page2 = await listed(s.b.communityAdmin, 'pageSize=1&page=2');
      expect(page1.total).toBe(all.items.length);
      expect(page2.total).toBe(all.items.length);
      expect(page1.items[0]!.id).toBe(all.items[0]!.id);
      expect(page2.items[0]!.id).toBe(all.items[1]!.id);
      const past = await listed(s.b.communityAdmin, 'pageSize=50&page=99');
      expect(past).toMatchObject({ items: [], total: all.items.length });
      expectError(await list(s.b.communityAdmin, 'status=gone'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('targets: what the pickers offer', () => {
    it('a district admin gets every role and its district’s streets, communities, shops and teams', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/invitations/targets',
        headers: as(s.districtAdmin),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.roles).toEqual(
        expect.arrayContaining(['community_admin', 'street_operator', 'merchant', 'gate_guard', 'crew_member']),
      );
      expect(body.streets.map((x: { id: string }) => x.id)).toEqual([s.a.street.id]);
      expect(body.communities.map((x: { id: string }) => x.id).sort()).toEqual(
        [s.a.community.id, communityA2.id].sort(),
      );
      expect(body.merchants.map((x: { id: string }) => x.id)).toEqual([s.a.merchant.id]);
      expect(body.teams.map((x: { id: string }) => x.id)).toEqual([teamA.id]);
    });

    it('a community admin gets its communities and two roles; a street operator its teams and one', async () => {
      const admin = (
        await t.app.inject({ method: 'GET', url: '/api/v1/auth/invitations/targets', headers: as(s.a.communityAdmin) })
      ).json();
      expect(admin).toMatchObject({ roles: ['community_admin', 'gate_guard'], streets: [], merchants: [], teams: [] });
      expect(admin.communities.map((x: { id: string }) => x.id)).toEqual([s.a.community.id]);
      const op = (
        await t.app.inject({ method: 'GET', url: '/api/v1/auth/invitations/targets', headers: as(s.a.streetOperator) })
      ).json();
      expect(op).toMatchObject({ roles: ['crew_member'], streets: [], communities: [], merchants: [] });
      expect(op.teams.map((x: { id: string }) => x.id)).toEqual([teamA.id]);
    });
  });

  it('every invitation this file issued has an issue audit row', async () => {
    const missing = rowsOf<{ id: string }>(
      await t.db.execute(sql`select i.id from invitations i
        where not exists (select 1 from audit_log a where a.action = 'invitation.issue' and a.target_id = i.id::text)`),
    );
    expect(missing).toEqual([]);
  });
});
