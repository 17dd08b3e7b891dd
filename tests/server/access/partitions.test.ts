import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { accessEvents, accessOfflineKeys } from '../../../server/src/db/schema/index.js';
import { rowsOf } from '../../../server/src/db/client.js';
import {
  beijingDay,
  createAccessContext,
  gateCodeUrl,
  makeAccessPartitions,
  purgeAccess,
} from '../../../server/src/access/index.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { applyAndApprove, createAccessWorld, register } from '../../fixtures/access.js';

type World = Awaited<ReturnType<typeof createAccessWorld>>;
type Headers = Record<string, string>;

// access_events is partitioned by Beijing day (access/sql/access_events_partitions.sql): the
// partitions job makes them ahead, the purge drops whole days, and the once-only keys (offline
// scans, rider-code nonces) hold across partitions through their side tables.
describe('access_events partitions', () => {
  let t: TestContext;
  let w: World;
  // The app's clock: far from the days the template's migration partitioned.
  let clock = new Date('2031-03-10T02:00:00Z'); // 10:00 in Beijing
  const DAY = 86_400_000;
  const partitionName = (at: Date) => `access_events_p${beijingDay(at).replaceAll('-', '')}`;
  const ctx = () => createAccessContext(t.db, t.config, () => clock);

  async function partitions(): Promise<string[]> {
    const rows = rowsOf<{ name: string }>(
      await t.db.execute(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'access_events'::regclass order by 1`),
    );
    return rows.map((r) => r.name);
  }
  async function partitionOf(id: string): Promise<string> {
    const [row] = rowsOf<{ name: string }>(
      await t.db.execute(sql`select tableoid::regclass::text as name from access_events where id = ${id}::uuid`),
    );
    return row!.name;
  }
  const code = () => gateCodeUrl(t.config.access, w.gateA.id, w.gateA.codeVersion);
  const scan = (headers: Headers, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/access/scans', headers, payload });
  async function approvedRider() {
    const user = await createUser(t.db, 'rider');
    const headers = bearer(accessTokenFor(t.app, user));
    await register(t.app, headers);
    await applyAndApprove(t.app, headers, w.a.community.id, w.adminA);
    return { user, headers };
  }

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => clock });
    w = await createAccessWorld(t.app, t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('the job makes today’s and the next 7 Beijing days’ partitions, once, even when run twice at once', async () => {
    const [a, b] = await Promise.all([makeAccessPartitions(ctx()), makeAccessPartitions(ctx())]);
    expect(a.partitionsCreated + b.partitionsCreated).toBe(8);
    expect((await makeAccessPartitions(ctx())).partitionsCreated).toBe(0);
    const names = await partitions();
    for (let i = 0; i <= 7; i++) expect(names).toContain(partitionName(new Date(clock.getTime() + i * DAY)));
    expect(names).toContain('access_events_default');
  });

  it('a scan lands in the partition of its Beijing day (midnight is 16:00 UTC)', async () => {
    const r = await approvedRider();
    clock = new Date('2031-03-10T15:59:59Z'); // 23:59:59 on the 10th in Beijing
    const late = await scan(r.headers, { code: code(), scannedAt: clock.toISOString() });
    expect(late.statusCode).toBe(200);
    clock = new Date('2031-03-10T16:00:10Z'); // 00:00:10 on the 11th
    const early = await scan(r.headers, { code: code(), scannedAt: clock.toISOString() });
    expect(early.json().repeated).toBe(false);
    expect(await partitionOf(late.json().eventId)).toBe('access_events_p20310310');
    expect(await partitionOf(early.json().eventId)).toBe('access_events_p20310311');
  });

  it('an offline scan sent again on the next day is still one event, also when sent twice at once', async () => {
    const r = await approvedRider();
    const key = randomUUID();
    clock = new Date('2031-03-11T15:59:50Z'); // 23:59:50 on the 11th in Beijing
    const body = { code: code(), scannedAt: new Date(clock.getTime() - 3600_000).toISOString(), offline: { key } };
    const firsts = await Promise.all([scan(r.headers, body), scan(r.headers, body), scan(r.headers, body)]);
    const ids = new Set(firsts.map((res) => res.json().eventId));
    expect(ids.size).toBe(1);
    expect(firsts.filter((res) => res.json().repeated === false)).toHaveLength(1);
    clock = new Date('2031-03-11T16:00:30Z'); // the 12th: another partition
    const again = await scan(r.headers, body);
    expect(again.json()).toMatchObject({ eventId: [...ids][0], repeated: true, offline: true });
    const rows = await t.db.select().from(accessEvents).where(eq(accessEvents.riderId, r.user.id));
    expect(rows).toHaveLength(1);
    expect(await partitionOf(rows[0]!.id)).toBe('access_events_p20310311');
    // A refused offline scan (bad code) is recorded once per key as well, across days.
    const refusedKey = randomUUID();
    const bad = { code: `${code()}x`, scannedAt: clock.toISOString(), offline: { key: refusedKey } };
    await Promise.all([scan(r.headers, bad), scan(r.headers, bad)]);
    clock = new Date(clock.getTime() + DAY);
    await scan(r.headers, bad);
    const refused = await t.db.select().from(accessEvents).where(eq(accessEvents.offlineKey, refusedKey));
    expect(refused).toHaveLength(1);
  });

  it('a rider code is accepted once across partitions: two guards at once, one check', async () => {
    const r = await approvedRider();
    clock = new Date('2031-03-12T03:00:00Z');
    const riderCode = (await t.app.inject({ method: 'GET', url: '/api/v1/access/my-code', headers: r.headers })).json()
      .code as string;
    const check = (headers: Headers) =>
      t.app.inject({ method: 'POST', url: '/api/v1/access/rider-checks', headers, payload: { code: riderCode } });
    const results = await Promise.all([check(w.adminA), check(w.adminB), check(w.adminB)]);
    const ok = results.filter((res) => res.statusCode === 200);
    // adminA's community holds the pass; whoever came first owns the nonce, the other is a replay.
    expect(results.filter((res) => res.statusCode === 409).length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((res) => res.json().eventId)).size).toBe(1);
    const rows = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(*)::int as n from access_events where code_nonce is not null and rider_id = ${r.user.id}::uuid`,
      ),
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('strays in the default partition move into their day when the job makes it', async () => {
    const far = new Date('2031-05-01T04:00:00Z');
    const [row] = await t.db
      .insert(accessEvents)
      .values({ method: 'gate_code', granted: false, reason: 'NO_PASS', scannedAt: far, createdAt: far })
      .returning();
    expect(await partitionOf(row!.id)).toBe('access_events_default');
    clock = new Date('2031-04-30T04:00:00Z');
    await makeAccessPartitions(ctx(), { daysAhead: 1 });
    expect(await partitionOf(row!.id)).toBe('access_events_p20310501');
  });

  it('the rider’s export and deletion reach every partition', async () => {
    const r = await approvedRider();
    const ids: string[] = [];
    for (const at of ['2031-03-13T03:00:00Z', '2031-03-14T03:00:00Z']) {
      clock = new Date(at);
      ids.push((await scan(r.headers, { code: code(), scannedAt: at })).json().eventId);
    }
    clock = new Date('2031-03-14T04:00:00Z');
    ids.push(
      (
        await scan(r.headers, { code: code(), scannedAt: '2031-03-14T03:30:00Z', offline: { key: randomUUID() } })
      ).json().eventId,
    );
    expect(new Set(await Promise.all(ids.map(partitionOf)))).toEqual(
      new Set(['access_events_p20310313', 'access_events_p20310314']),
    );
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/export', headers: r.headers });
    expect(res.statusCode).toBe(200);
    const exported = JSON.parse(strFromU8(unzipSync(new Uint8Array(res.rawPayload))['access-events.json']!));
    expect(exported.map((e: { at: string }) => e.at)).toEqual([
      '2031-03-13T03:00:00.000Z',
      '2031-03-14T03:00:00.000Z',
      '2031-03-14T03:30:00.000Z',
    ]);

    const del = await t.app.inject({
      method: 'POST',
      url: '/api/v1/privacy/account/delete',
      headers: r.headers,
      payload: { confirm: '注销' },
    });
    expect(del.statusCode).toBe(200);
    expect(await t.db.select().from(accessEvents).where(eq(accessEvents.riderId, r.user.id))).toEqual([]);
    expect(await t.db.select().from(accessOfflineKeys).where(eq(accessOfflineKeys.riderId, r.user.id))).toEqual([]);
    // The events stay, nobody's: counts of the gate are unchanged.
    const left = rowsOf<{ n: number }>(
      await t.db.execute(
        sql`select count(*)::int as n from access_events where id in (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and rider_id is null`,
      ),
    );
    expect(left[0]!.n).toBe(3);
  });

  it('the purge drops whole days once their day ended the retention ago, and only those', async () => {
    const before = await partitions();
    expect(before).toContain('access_events_p20310310');
    // 2 days' retention at 2031-03-13 10:00 Beijing: the cutoff is the 11th 10:00, so the 10th goes
    // (its day ended at the 11th 00:00) and the 11th stays (its last hours are younger).
    clock = new Date('2031-03-13T02:00:00Z');
    const first = await purgeAccess(ctx(), { retentionDays: 2 });
    expect(first.droppedPartitions).toEqual(
      before.filter((p) => /^access_events_p\d{8}$/.test(p) && p <= 'access_events_p20310310'),
    );
    const after = await partitions();
    expect(after).not.toContain('access_events_p20310310');
    expect(after).toContain('access_events_p20310311');
    expect(after).toContain('access_events_default');
    // Twice in a row, or two at once: nothing more to drop, no error.
    const again = await Promise.all([
      purgeAccess(ctx(), { retentionDays: 2 }),
      purgeAccess(ctx(), { retentionDays: 2 }),
    ]);
    expect(again.flatMap((r) => r.droppedPartitions)).toEqual([]);
    // The scans and the long-poll still work on what is left.
    const r = await approvedRider();
    const res = await scan(r.headers, { code: code(), scannedAt: clock.toISOString() });
    expect(res.json()).toMatchObject({ granted: true, repeated: false });
    expect(await partitionOf(res.json().eventId)).toBe('access_events_p20310313');
  });
});
