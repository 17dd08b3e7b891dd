import { and, eq } from 'drizzle-orm';
import type { AccessEventList } from '@nuanxin/shared/access/schemas';
import { accessEvents } from '../../../server/src/db/schema/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createCommunity, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, createGate, register } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;
type Headers = Record<string, string>;

describe('gate guards (门岗) and the gate a checker stands at', () => {
  let t: TestContext;
  let w: World;
  let rider: Headers;
  let gateA2: { id: string };
  let communityA2: { id: string };
  let gateOfA2: { id: string };
  let guard: { id: string; role: string };
  let guardH: Headers;
  let twoGateGuardH: Headers;
  let twoCommunityAdmin: { id: string; role: string };
  let twoCommunityAdminH: Headers;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await createAccessWorld(t.app, t.db);
    gateA2 = await createGate(t.db, w.a.community.id, { name: '北门' });
    communityA2 = await createCommunity(t.db, w.a.street.id, 'A二小区');
    gateOfA2 = await createGate(t.db, communityA2.id, { name: '南门' });
    guard = await createUser(t.db, 'gate_guard', [{ kind: 'gate', refId: w.gateA.id }], '东门 周师傅');
    guardH = bearer(accessTokenFor(t.app, guard));
    const twoGateGuard = await createUser(t.db, 'gate_guard', [
      { kind: 'gate', refId: w.gateA.id },
      { kind: 'gate', refId: gateA2.id },
    ]);
    twoGateGuardH = bearer(accessTokenFor(t.app, twoGateGuard));
    twoCommunityAdmin = await createUser(t.db, 'community_admin', [
      { kind: 'community', refId: w.a.community.id },
      { kind: 'community', refId: communityA2.id },
    ]);
    twoCommunityAdminH = bearer(accessTokenFor(t.app, twoCommunityAdmin));

    const user = await createUser(t.db, 'rider');
    rider = bearer(accessTokenFor(t.app, user));
    await register(t.app, rider, { realName: '王建国', phone: '13811112222' });
    await applyAndApprove(t.app, rider, w.a.community.id, w.adminA);
  });
  afterAll(async () => {
    await t.close();
  });

  const code = async (): Promise<string> =>
    (await t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers: rider })).json().code;
  const check = async (headers: Headers, gateId?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/access/rider-checks',
      headers,
      payload: { code: await code(), ...(gateId ? { gateId } : {}) },
    });
  const events = (headers: Headers, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/access/events${query}`, headers });

  describe('checking rider codes', () => {
    it('a guard with one gate checks without choosing it: the entry is recorded at its gate', async () => {
      const res = await check(guardH);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ granted: true, community: { id: w.a.community.id } });
      const [event] = await t.db.select().from(accessEvents).where(eq(accessEvents.id, res.json().eventId));
      expect(event).toMatchObject({ gateId: w.gateA.id, communityId: w.a.community.id, checkedBy: guard.id });
    });

    it('a guard checks at its own gate when it names it', async () => {
      expect((await check(guardH, w.gateA.id)).statusCode).toBe(200);
    });

    it('a guard gets 403 at another gate of the same community and at another community’s gate', async () => {
      expectError(await check(guardH, gateA2.id), 403, 'NOT_A_GUARD_GATE');
      expectError(await check(guardH, w.gateB.id), 403, 'NOT_A_GUARD_GATE');
      const refused = await t.db
        .select()
        .from(accessEvents)
        .where(and(eq(accessEvents.checkedBy, guard.id), eq(accessEvents.gateId, gateA2.id)));
      expect(refused).toEqual([]);
    });

    it('a guard of two gates must say which one it stands at', async () => {
      const body = expectError(await check(twoGateGuardH), 400, 'VALIDATION_FAILED');
      expect(body).toMatchObject({ field: 'gateId', message: '请选择所在门岗' });
      expect((await check(twoGateGuardH, gateA2.id)).statusCode).toBe(200);
    });

    it('a community admin of two communities checks at a gate it chooses', async () => {
      const body = expectError(await check(twoCommunityAdminH), 400, 'VALIDATION_FAILED');
      expect(body.field).toBe('gateId');
      const res = await check(twoCommunityAdminH, w.gateA.id);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ granted: true, community: { id: w.a.community.id } });
      // No pass at A二小区: checked there, the same rider is refused.
      const other = await check(twoCommunityAdminH, gateOfA2.id);
      expect(other.statusCode).toBe(200);
      expect(other.json()).toMatchObject({ granted: false, community: { id: communityA2.id } });
      expectError(await check(twoCommunityAdminH, w.gateB.id), 403, 'NOT_A_GUARD_GATE');
    });

    it('a community admin of one community still checks without choosing', async () => {
      expect((await check(w.adminA)).statusCode).toBe(200);
    });

    it.each([
      ['a street operator', () => bearer(accessTokenFor(t.app, w.a.streetOperator))],
      ['a district admin', () => bearer(accessTokenFor(t.app, w.districtAdmin))],
      ['a merchant', () => bearer(accessTokenFor(t.app, w.a.merchantUser))],
      ['a rider', () => rider],
    ])('%s may not check rider codes', async (_name, headers) => {
      expectError(await check(headers(), w.gateA.id), 403, 'FORBIDDEN');
    });
  });

  describe('the entries at its gates', () => {
    it('a guard sees the entries at its own gates only', async () => {
      // One entry checked by the admin at 北门 (not the guard's gate), one by the guard at 东门.
      expect((await check(w.adminA, gateA2.id)).statusCode).toBe(200);
      expect((await check(guardH)).statusCode).toBe(200);
      const res = await events(guardH, '?limit=100');
      expect(res.statusCode).toBe(200);
      const list: AccessEventList = res.json();
      expect(list.items.length).toBeGreaterThan(0);
      expect(new Set(list.items.map((e) => e.gateId))).toEqual(new Set([w.gateA.id]));
      // Riders' names are masked for a guard, as on its check result; the admin reads them whole.
      expect(list.items.filter((e) => e.riderName).every((e) => e.riderName === '王*国')).toBe(true);
      // The admin sees both gates (and its own checks made without naming a gate).
      const admin: AccessEventList = (await events(w.adminA, '?limit=100')).json();
      expect([...new Set(admin.items.map((e) => e.gateId))]).toEqual(expect.arrayContaining([w.gateA.id, gateA2.id]));
      expect(admin.items.some((e) => e.riderName === '王建国')).toBe(true);
    });

    it('filters within its gates; another gate or community is out of scope', async () => {
      const today = new Date(Date.now() - 3600_000).toISOString();
      const mine: AccessEventList = (
        await events(guardH, `?gateId=${w.gateA.id}&from=${encodeURIComponent(today)}`)
      ).json();
      expect(mine.items.every((e) => e.gateId === w.gateA.id)).toBe(true);
      expectError(await events(guardH, `?gateId=${gateA2.id}`), 403, 'OUT_OF_SCOPE');
      expectError(await events(guardH, `?communityId=${w.b.community.id}`), 403, 'OUT_OF_SCOPE');
    });
  });

  describe('a guard can approve or revoke nothing', () => {
    const refused: [string, string, (w: World) => string, Record<string, unknown> | undefined][] = [
      ['GET', 'the review queue', () => '/api/v1/access/review', undefined],
      ['POST', 'approve', () => '/api/v1/access/passes/approve', { passIds: ['00000000-0000-4000-8000-000000000001'] }],
      [
        'POST',
        'reject',
        () => '/api/v1/access/passes/00000000-0000-4000-8000-000000000001/reject',
        { reason: '不符合' },
      ],
      [
        'POST',
        'revoke',
        () => '/api/v1/access/passes/00000000-0000-4000-8000-000000000001/revoke',
        { reason: '不符合' },
      ],
      ['GET', 'the riders list', () => '/api/v1/access/riders', undefined],
      ['POST', 'suspend', (x) => `/api/v1/access/riders/${x.rider.id}/suspend`, { reason: '多次违规' }],
      ['POST', 'lift', (x) => `/api/v1/access/riders/${x.rider.id}/lift`, { reason: '已改正' }],
      ['GET', 'the gates list', (x) => `/api/v1/access/communities/${x.a.community.id}/gates`, undefined],
      [
        'POST',
        'add a gate',
        (x) => `/api/v1/access/communities/${x.a.community.id}/gates`,
        { name: '西门', kind: 'guarded' },
      ],
      ['PATCH', 'edit a gate', (x) => `/api/v1/access/gates/${x.gateA.id}`, { name: '西门' }],
      ['POST', 'regenerate a gate code', (x) => `/api/v1/access/gates/${x.gateA.id}/code`, undefined],
      ['GET', 'the CSV export', () => '/api/v1/access/events.csv', undefined],
      ['PUT', 'the building guide', (x) => `/api/v1/access/communities/${x.a.community.id}/guide`, { buildings: [] }],
      [
        'POST',
        'an invitation',
        () => '/api/v1/auth/invitations',
        { role: 'gate_guard', gateIds: [], displayName: 'x' },
      ],
    ];
    it.each(refused)('%s %s → 403', async (method, _what, url, payload) => {
      const res = await t.app.inject({
        method: method as 'GET',
        url: url(w),
        headers: guardH,
        ...(payload ? { payload } : {}),
      });
      expectError(res, 403, 'FORBIDDEN');
    });
  });
});
