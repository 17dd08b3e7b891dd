import { sql } from 'drizzle-orm';
import { recordAudit } from '../../../server/src/audit/index.js';
import { rowsOf } from '../../../server/src/db/client.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createTwoScopes, createUser } from '../../fixtures/factories.js';

type Scopes = Awaited<ReturnType<typeof createTwoScopes>>;
type User = { id: string; role: string };

describe('the audit log (GET /api/v1/audit, /audit.csv)', () => {
  let t: TestContext;
  let s: Scopes;
  const base = Date.parse('2026-03-10T02:00:00Z');
  const at = (minutes: number) => new Date(base + minutes * 60_000);
  beforeAll(async () => {
    t = await buildTestApp();
    s = await createTwoScopes(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  const principal = (u: { id: string; role: string }, extra: Record<string, string[]> = {}) =>
    ({
      userId: u.id,
      role: u.role,
      districtIds: [],
      streetIds: [],
      communityIds: [],
      merchantIds: [],
      gateIds: [],
      teamIds: [],
      apartmentIds: [],
      ...extra,
    }) as Parameters<typeof recordAudit>[1]['actor'];
  const get = (user: User, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: bearer(accessTokenFor(t.app, user)) });
  const rowsFor = async (targetId: string) =>
    rowsOf<Record<string, string | null>>(
      await t.db.execute(sql`select * from audit_log where target_id = ${targetId}`),
    );
  /** The database's own message of a refused statement (drizzle wraps it as the cause). */
  const refusal = async (statement: ReturnType<typeof sql>) => {
    try {
      await t.db.execute(statement);
    } catch (err) {
      const e = err as Error & { cause?: Error };
      return String(e.cause?.message ?? e.message);
    }
    return 'not refused';
  };

  describe('append-only', () => {
    it('refuses UPDATE, DELETE and TRUNCATE, and the row stays as written', async () => {
      await recordAudit(t.db, {
        actor: null,
        at: at(0),
        action: 'street.create',
        target: { kind: 'street', id: 'append-only' },
        place: { streetId: s.a.street.id },
        after: { name: '甲' },
      });
      expect(await refusal(sql`update audit_log set action = 'x' where target_id = 'append-only'`)).toMatch(
        /append-only \(UPDATE refused\)/,
      );
      expect(await refusal(sql`delete from audit_log where target_id = 'append-only'`)).toMatch(
        /append-only \(DELETE refused\)/,
      );
      expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only \(TRUNCATE refused\)/);
      const rows = rowsOf<{ action: string }>(
        await t.db.execute(sql`select action from audit_log where target_id = 'append-only'`),
      );
      expect(rows).toEqual([{ action: 'street.create' }]);
    });
  });

  describe('place filling', () => {
    it('a community fills its street and district; a shop its street and district; a street its district', async () => {
      const actor = principal(s.a.communityAdmin, { communityIds: [s.a.community.id] });
      await recordAudit(t.db, {
        actor,
        at: at(1),
        action: 'gate.create',
        target: { kind: 'gate', id: 'place-community' },
        place: { communityId: s.a.community.id },
      });
      await recordAudit(t.db, {
        actor: null,
        at: at(1),
        action: 'reward.create',
        target: { kind: 'reward', id: 'place-shop' },
        place: { merchantId: s.b.merchant.id },
      });
      await recordAudit(t.db, {
        actor: null,
        at: at(1),
        action: 'team.create',
        target: { kind: 'team', id: 'place-street' },
        place: { streetId: s.a.street.id },
      });
      const [c] = await rowsFor('place-community');
      expect(c).toEqual(
        expect.objectContaining({
          community_id: s.a.community.id,
          street_id: s.a.street.id,
          district_id: s.district.id,
          merchant_id: null,
          actor_id: s.a.communityAdmin.id,
          actor_role: 'community_admin',
          actor_name: s.a.communityAdmin.displayName,
        }),
      );
      const [m] = await rowsFor('place-shop');
      expect(m).toEqual(
        expect.objectContaining({
          merchant_id: s.b.merchant.id,
          street_id: s.b.street.id,
          district_id: s.otherDistrict.id,
          actor_role: 'system',
        }),
      );
      const [st] = await rowsFor('place-street');
      expect(st).toEqual(expect.objectContaining({ street_id: s.a.street.id, district_id: s.district.id }));
    });
  });

  describe('reading', () => {
    // One row at each place of both scopes, written by named actors at distinct times.
    let writer: User & { displayName: string };
    beforeAll(async () => {
      writer = await createUser(t.db, 'district_admin', [{ kind: 'district', refId: s.district.id }], '审计写入人');
      const w = principal(writer, { districtIds: [s.district.id] });
      const rows: [number, string, string, Parameters<typeof recordAudit>[1]['place']][] = [
        [10, 'pass.approve', 'pass', { communityId: s.a.community.id }],
        [11, 'pass.reject', 'pass', { communityId: s.a.community.id }],
        [12, 'reward.update', 'reward', { merchantId: s.a.merchant.id }],
        [13, 'team.create', 'team', { streetId: s.a.street.id }],
        [14, 'rule.update', 'earning_rule', { districtId: s.district.id }],
        [15, 'pass.approve', 'pass', { communityId: s.b.community.id }],
        [16, 'reward.update', 'reward', { merchantId: s.b.merchant.id }],
      ];
      for (const [minute, action, kind, place] of rows) {
        await recordAudit(t.db, {
          actor: w,
          at: at(minute),
          action,
          target: { kind, id: `read-${minute}` },
          place,
          before: { status: 'pending', name: '=HYPERLINK("http://evil")' },
          after: { status: 'approved', name: '=HYPERLINK("http://evil")' },
        });
      }
    });
    const ids = async (user: User, query = '') => {
      const res = await get(user, query);
      expect(res.statusCode).toBe(200);
      return (res.json().items as { targetId: string }[]).map((i) => i.targetId).filter((id) => id.startsWith('read-'));
    };

    it('each role sees its own scope only, newest first', async () => {
      expect(await ids(s.districtAdmin)).toEqual(['read-14', 'read-13', 'read-12', 'read-11', 'read-10']);
      expect(await ids(s.otherDistrictAdmin)).toEqual(['read-16', 'read-15']);
      expect(await ids(s.a.streetOperator)).toEqual(['read-13', 'read-12', 'read-11', 'read-10']);
      expect(await ids(s.b.streetOperator)).toEqual(['read-16', 'read-15']);
      expect(await ids(s.a.communityAdmin)).toEqual(['read-11', 'read-10']);
      expect(await ids(s.b.communityAdmin)).toEqual(['read-15']);
      expect(await ids(s.a.merchantUser)).toEqual(['read-12']);
      expect(await ids(s.b.merchantUser)).toEqual(['read-16']);
    });

    it('riders, guards and crew members are refused; a staff account with no scope sees nothing', async () => {
      expectError(await get(s.rider), 403, 'FORBIDDEN');
      expectError(await get(await createUser(t.db, 'gate_guard')), 403, 'FORBIDDEN');
      expectError(await get(await createUser(t.db, 'crew_member')), 403, 'FORBIDDEN');
      expect(await ids(await createUser(t.db, 'district_admin'))).toEqual([]);
      const anon = await t.app.inject({ method: 'GET', url: '/api/v1/audit' });
      expect(anon.statusCode).toBe(401);
    });

    it('shows who, role, when, what, where, and the changed fields', async () => {
      const res = await get(s.a.communityAdmin, '?action=pass.reject');
      const [item] = res.json().items;
      expect(item).toEqual({
        id: expect.any(String),
        at: at(11).toISOString(),
        actorId: writer.id,
        actorRole: 'district_admin',
        actorName: '审计写入人',
        action: 'pass.reject',
        targetKind: 'pass',
        targetId: 'read-11',
        districtName: '甲区',
        streetName: 'A街道',
        communityName: 'A小区',
        merchantName: null,
        before: { status: 'pending', name: '=HYPERLINK("http://evil")' },
        after: { status: 'approved', name: '=HYPERLINK("http://evil")' },
        changes: [{ field: 'status', before: 'pending', after: 'approved' }],
      });
    });

    it('filters by date (a Beijing day or an instant), action or family, actor and target kind', async () => {
      const admin = s.districtAdmin;
      expect(await ids(admin, `?from=${encodeURIComponent(at(12).toISOString())}`)).toEqual([
        'read-14',
        'read-13',
        'read-12',
      ]);
      expect(await ids(admin, `?to=${encodeURIComponent(at(12).toISOString())}`)).toEqual(['read-11', 'read-10']);
      // 2026-03-10T02:00Z is 10:00 on 2026-03-10 in Beijing: the whole day includes every row.
      expect(await ids(admin, '?from=2026-03-10&to=2026-03-10')).toHaveLength(5);
      expect(await ids(admin, '?from=2026-03-11')).toEqual([]);
      expect(await ids(admin, '?to=2026-03-09')).toEqual([]);
      expect(await ids(admin, '?action=pass')).toEqual(['read-11', 'read-10']);
      expect(await ids(admin, '?action=pass.approve')).toEqual(['read-10']);
      expect(await ids(admin, `?actorId=${writer.id}&targetKind=reward`)).toEqual(['read-12']);
      expect(await ids(admin, `?actor=${encodeURIComponent('写入')}&targetKind=earning_rule`)).toEqual(['read-14']);
      expect(await ids(admin, `?actor=${encodeURIComponent('别人')}`)).toEqual([]);
    });

    it('refuses a bad filter with the field and a Chinese message', async () => {
      const bad = expectError(await get(s.districtAdmin, '?from=yesterday'), 400, 'VALIDATION_FAILED');
      expect(bad.field).toBe('from');
      expect(bad.message).toMatch(/日期/);
      expect(expectError(await get(s.districtAdmin, '?to=2026-13-45'), 400, 'VALIDATION_FAILED').field).toBe('to');
      // Years PostgreSQL cannot store are refused at the door, not at the database (a 500 before).
      for (const bound of ['to=0000-01-01T00:00:00Z', 'from=0000-01-01', 'from=%2B010000-01-01T00:00:00Z'])
        expectError(await get(s.districtAdmin, `?${bound}`), 400, 'VALIDATION_FAILED');
      expectError(await get(s.districtAdmin, '?action=DROP%20TABLE'), 400, 'VALIDATION_FAILED');
      expectError(await get(s.districtAdmin, '?cursor=bm9wZQ'), 400, 'CURSOR_INVALID');
    });

    it('pages with a keyset cursor: every row once, in order, then no cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `?targetKind=pass&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await get(s.districtAdmin, q)).json() as {
          items: { targetId: string }[];
          nextCursor: string | null;
        };
        seen.push(...body.items.map((i) => i.targetId));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen.filter((id) => id.startsWith('read-'))).toEqual(['read-11', 'read-10']);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('exports the filtered set as CSV with a BOM, Chinese labels, and formulas neutralised', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit.csv?action=pass',
        headers: bearer(accessTokenFor(t.app, s.a.communityAdmin)),
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/audit-log\.csv/);
      const text = res.body;
      expect(text.startsWith('\ufeff"时间","操作人","角色","操作"')).toBe(true);
      const lines = text.trim().split('\r\n');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('"2026-03-10 10:11:00","审计写入人","区管理员","驳回通行申请","pass.reject"');
      expect(lines[1]).toContain('"status: pending → approved"');
      // Another scope's rows never leave.
      expect(text).not.toContain('read-15');
    });

    it('puts an apostrophe before a cell that starts with = + - @', async () => {
      const evil = await createUser(
        t.db,
        'community_admin',
        [{ kind: 'community', refId: s.b.community.id }],
        '=cmd|1',
      );
      await recordAudit(t.db, {
        actor: principal(evil, { communityIds: [s.b.community.id] }),
        at: at(20),
        action: 'gate.update',
        target: { kind: 'gate', id: '@SUM(1)' },
        place: { communityId: s.b.community.id },
        before: { name: '+1' },
        after: { name: '-1' },
      });
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit.csv?targetKind=gate',
        headers: bearer(accessTokenFor(t.app, evil)),
      });
      const line = res.body.trim().split('\r\n')[1]!;
      expect(line).toContain(`"'=cmd|1"`);
      expect(line).toContain(`"'@SUM(1)"`);
      expect(line).not.toMatch(/(^|,)"[=+\-@]/);
    });
  });
});
