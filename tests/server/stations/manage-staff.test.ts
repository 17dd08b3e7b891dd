import { eq } from 'drizzle-orm';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';
import { auditLog, stations } from '../../../server/src/db/schema/index.js';
import { checked, commit, importWorld, settle, toXlsx } from '../imports/support.js';

const NOW = new Date('2026-05-01T02:00:00.000Z');
const HEADER = ['external_id', 'name', 'type', 'lng', 'lat', 'address', 'hours'];

describe('驿站管理: search, edit, close, and upload through the import runs', () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof importWorld>>;
  const as = (user: { id: string; role: string }) => bearer(accessTokenFor(t.app, user));
  const search = (user: { id: string; role: string }, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/staff/stations${query}`, headers: as(user) });

  beforeAll(async () => {
    t = await buildTestApp({}, { now: () => NOW });
    w = await importWorld(t.db);
  });
  afterAll(() => t.close());

  it('uploads a CSV: dry run, one bad row reported, skip-bad writes the good rows with updated_at from the clock', async () => {
    const csv = [
      HEADER.join(','),
      `${w.tag}-S1,金台驿站,全时驿站,116.42,39.95,望京路 1 号,24h`,
      `${w.tag}-S2,坏坐标,all_day,116.42,95,,24h`,
      `${w.tag}-S3,团结湖驿站,nuanxin,116.47,39.93,,1-5 08:00-22:00`,
      `${w.tag}-S4,乙区驿站,nuanxin,116.65,39.93,,24h`,
    ].join('\n');
    const run = await checked(t.app, w.adminA, 'stations', { name: 'stations.csv', content: csv });
    expect(run).toMatchObject({ status: 'checked', rows: 4, good: 2, bad: 2 });
    expect(run.badRows).toEqual([
      expect.objectContaining({ line: 3, column: 'lat', code: 'STATION_INVALID' }),
      expect.objectContaining({ line: 5, code: 'OUT_OF_SCOPE' }),
    ]);
    expect(await t.db.select().from(stations)).toEqual([]);
    expectError(await commit(t.app, w.adminA, run.id), 400, 'IMPORT_HAS_BAD_ROWS');
    await commit(t.app, w.adminA, run.id, true);
    expect(await settle(t.app, w.adminA, run.id)).toMatchObject({ status: 'done', inserted: 2, skipped: 2 });
    const rows = await t.db.select().from(stations);
    expect(rows.map((r) => r.updatedAt.toISOString())).toEqual([NOW.toISOString(), NOW.toISOString()]);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, run.id));
    expect(audit).toEqual([expect.objectContaining({ action: 'import.stations' })]);
  });

  it('uploads an .xlsx of stations; re-importing the same ids updates them', async () => {
    const file = await toXlsx(
      [[`${w.tag}-S1`, '金台驿站（新）', '全时驿站', 116.42, 39.95, '望京路 2 号', '24h']],
      HEADER,
    );
    const run = await checked(t.app, w.adminA, 'stations', { name: 's.xlsx', content: file });
    expect(run).toMatchObject({ good: 1, bad: 0 });
    await commit(t.app, w.adminA, run.id);
    expect(await settle(t.app, w.adminA, run.id)).toMatchObject({ status: 'done', inserted: 0, updated: 1 });
    const [row] = await t.db
      .select()
      .from(stations)
      .where(eq(stations.externalId, `${w.tag}-S1`));
    expect(row!.name).toBe('金台驿站（新）');
  });

  it('searches within scope only', async () => {
    const all = await search(w.adminA);
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(2);
    const q = await search(w.adminA, `?q=${encodeURIComponent('团结')}`);
    expect(q.json().items.map((i: { name: string }) => i.name)).toEqual(['团结湖驿站']);
    expect(q.json().items[0]).toMatchObject({ status: 'open', streetName: `${w.a2.code}街道` });
    // The A1 operator sees its street's station only; district B's admin sees none.
    expect((await search(w.operatorA1)).json().items.map((i: { name: string }) => i.name)).toEqual(['金台驿站（新）']);
    expect((await search(w.adminB)).json()).toEqual({ total: 0, items: [] });
    expectError(await search(w.communityAdmin), 403, 'FORBIDDEN');
    expectError(await search(w.adminA, '?limit=1000'), 400, 'VALIDATION_FAILED');
  });

  it('edits and closes (停用) a station in scope, with updated_at from the clock and an audit row; refuses outside', async () => {
    const [s3] = await t.db
      .select()
      .from(stations)
      .where(eq(stations.externalId, `${w.tag}-S3`));
    await t.db
      .update(stations)
      .set({ updatedAt: new Date('2020-01-01') })
      .where(eq(stations.id, s3!.id));
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/stations/${s3!.id}`,
      headers: as(w.adminA),
      payload: { name: '团结湖暖新驿站', address: '团结湖路 3 号' },
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ name: '团结湖暖新驿站', updatedAt: NOW.toISOString() });
    const close = await t.app.inject({
      method: 'POST',
      url: `/api/v1/stations/${s3!.id}/status`,
      headers: as(w.adminA),
      payload: { status: 'closed', note: '停用：站点撤销' },
    });
    expect(close.json()).toMatchObject({ status: 'closed', statusNote: '停用：站点撤销' });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, s3!.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['station.close', 'station.update']);
    const update = audit.find((a) => a.action === 'station.update')!;
    expect(update.before).toMatchObject({ name: '团结湖驿站' });
    expect(update.after).toMatchObject({ name: '团结湖暖新驿站' });
    expect(JSON.stringify(update.after)).not.toContain('phone');
    expect((await search(w.adminA, '?status=closed')).json().total).toBe(1);

    // The A1 operator may not touch A2's station; another district's admin neither.
    for (const user of [w.operatorA1, w.adminB]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/stations/${s3!.id}`,
        headers: as(user),
        payload: { name: 'x' },
      });
      expectError(res, 403, 'OUT_OF_SCOPE');
    }
    const rider = await createUser(t.db, 'rider');
    expectError(await search(rider), 403, 'FORBIDDEN');
  });
});
