import { count, eq, inArray } from 'drizzle-orm';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { expectError } from '../../support/http.js';
import { agreements, auditLog, communities, gates, importRuns } from '../../../server/src/db/schema/index.js';
import { checked, commit, communityRow, importWorld, settle, toCsv, toXlsx, upload } from './support.js';

describe('bulk import of communities (CSV and .xlsx)', () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof importWorld>>;
  const n = async (table: typeof communities | typeof gates | typeof agreements) =>
    (await t.db.select({ n: count() }).from(table))[0]!.n;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await importWorld(t.db);
  });
  afterAll(() => t.close());

  it('dry run writes nothing; confirm writes communities with their gates and agreements, street from the boundary', async () => {
    const csv = toCsv([
      communityRow(`${w.tag}-001`),
      communityRow(`${w.tag}-002`, {
        lng: '116.47',
        gates: '南门',
        platforms: '',
        startsOn: '',
        endsOn: '',
        approval: '',
        communitySignatory: '',
      }),
    ]);
    const run = await checked(t.app, w.adminA, 'communities', { name: '小区.csv', content: csv });
    expect(run).toMatchObject({
      status: 'checked',
      rows: 2,
      good: 2,
      bad: 0,
      badRows: [],
      progress: { done: 2, total: 2 },
    });
    expect(await n(communities)).toBe(0);

    const res = await commit(t.app, w.adminA, run.id);
    expect(res.statusCode).toBe(202);
    expect(res.json().status).toBe('importing');
    const done = await settle(t.app, w.adminA, run.id);
    expect(done).toMatchObject({ status: 'done', inserted: 2, skipped: 0, progress: { done: 2, total: 2 } });

    const rows = await t.db
      .select()
      .from(communities)
      .where(inArray(communities.code, [`${w.tag}-001`, `${w.tag}-002`]));
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    expect(byCode[`${w.tag}-001`]!.streetId).toBe(w.a1.id);
    expect(byCode[`${w.tag}-002`]!.streetId).toBe(w.a2.id);
    expect(byCode[`${w.tag}-001`]!.propertyCompany).toBe('某物业');
    const g = await t.db
      .select()
      .from(gates)
      .where(eq(gates.communityId, byCode[`${w.tag}-001`]!.id));
    expect(g.map((x) => [x.name, x.kind]).sort()).toEqual([
      ['东门', 'guarded'],
      ['北门', 'smart'],
    ]);
    const north = g.find((x) => x.name === '北门')!;
    expect([north.lng, north.lat]).toEqual([116.421, 39.951]);
    const ag = await t.db
      .select()
      .from(agreements)
      .where(eq(agreements.communityId, byCode[`${w.tag}-001`]!.id));
    expect(ag.map((a) => a.platform).sort()).toEqual(['eleme', 'meituan']);
    expect(ag[0]).toMatchObject({
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      approval: 'auto',
      propertyCompany: '某物业',
    });
    expect(ag[0]!.parties).toEqual(
      expect.arrayContaining([{ kind: 'community', organisation: `小区${w.tag}-001`, signatory: '张三' }]),
    );
    const g2 = await t.db
      .select()
      .from(gates)
      .where(eq(gates.communityId, byCode[`${w.tag}-002`]!.id));
    expect(g2).toEqual([expect.objectContaining({ name: '南门', kind: 'guarded', lat: 39.95, lng: 116.47 })]);

    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, run.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'import.communities',
        actorId: w.adminA.id,
        districtId: w.a.id,
        after: expect.objectContaining({ fileName: '小区.csv', inserted: 2, gates: 3, agreements: 2 }),
      }),
    ]);
    const [stored] = await t.db.select().from(importRuns).where(eq(importRuns.id, run.id));
    expect(stored!.content).toBeNull();
  });

  it('one bad row: reported by line and Chinese column, nothing written; skip-bad writes the good rows', async () => {
    const before = await n(communities);
    const csv = toCsv([
      communityRow(`${w.tag}-101`),
      communityRow(`${w.tag}-102`, { lat: '北纬39' }),
      communityRow(`${w.tag}-103`, { platforms: '拼多多' }),
      communityRow(`${w.tag}-101`),
      communityRow(`${w.tag}-001`),
      communityRow(`${w.tag}-104`, { lng: '117.9' }),
      communityRow(`${w.tag}-105`, { startsOn: '2026-02-30' }),
      communityRow(`${w.tag}-106`, { gates: '东门:飞行' }),
    ]);
    const run = await checked(t.app, w.adminA, 'communities', { name: 'bad.csv', content: csv });
    expect(run).toMatchObject({ status: 'checked', rows: 8, good: 1, bad: 7 });
    expect(run.badRows).toEqual([
      { line: 3, column: '纬度', code: 'NOT_A_NUMBER', message: expect.stringContaining('纬度应为数字') },
      { line: 4, column: '协议平台', code: 'PLATFORM_UNKNOWN', message: expect.stringContaining('拼多多') },
      { line: 5, column: '小区编码', code: 'DUPLICATE_IN_FILE', message: expect.stringContaining('第 2 行') },
      { line: 6, column: '小区编码', code: 'CODE_EXISTS', message: expect.stringContaining('已存在') },
      { line: 7, column: '经度', code: 'OUTSIDE_STREETS', message: expect.stringContaining('街道') },
      { line: 8, column: '协议开始日期', code: 'DATE_INVALID', message: expect.any(String) },
      { line: 9, column: '门岗', code: 'GATE_INVALID', message: expect.stringContaining('人工 或 智能') },
    ]);
    expectError(await commit(t.app, w.adminA, run.id), 400, 'IMPORT_HAS_BAD_ROWS');
    expect(await n(communities)).toBe(before);

    expect((await commit(t.app, w.adminA, run.id, true)).statusCode).toBe(202);
    const done = await settle(t.app, w.adminA, run.id);
    expect(done).toMatchObject({ status: 'done', inserted: 1, skipped: 7, skipBad: true });
    expect(await n(communities)).toBe(before + 1);
    // A second confirm is refused.
    expectError(await commit(t.app, w.adminA, run.id, true), 409, 'IMPORT_NOT_CHECKED');
  });

  it('reads .xlsx (numbers, dates and text cells) the same way', async () => {
    const row = communityRow(`${w.tag}-201`) as (string | number | Date)[];
    row[3] = 116.43; // 经度 as a number cell
    row[4] = 39.96;
    row[10] = new Date(Date.UTC(2026, 2, 1)); // 协议开始日期 as a date cell
    const bad = communityRow(`${w.tag}-202`, { name: '' });
    const file = await toXlsx([row, bad]);
    const run = await checked(t.app, w.adminA, 'communities', { name: '小区.xlsx', content: file });
    expect(run).toMatchObject({ status: 'checked', format: 'xlsx', rows: 2, good: 1, bad: 1 });
    expect(run.badRows).toEqual([{ line: 3, column: '小区名称', code: 'REQUIRED', message: '请填写小区名称' }]);
    await commit(t.app, w.adminA, run.id, true);
    expect(await settle(t.app, w.adminA, run.id)).toMatchObject({ status: 'done', inserted: 1 });
    const [c] = await t.db
      .select()
      .from(communities)
      .where(eq(communities.code, `${w.tag}-201`));
    expect([c!.lng, c!.lat]).toEqual([116.43, 39.96]);
    const ag = await t.db.select().from(agreements).where(eq(agreements.communityId, c!.id));
    expect(ag[0]!.startsOn).toBe('2026-03-01');
  });

  it('scope: a street operator only within its street; another district is out of scope', async () => {
    const csv = toCsv([communityRow(`${w.tag}-301`), communityRow(`${w.tag}-302`, { lng: '116.47' })]);
    const op = await checked(t.app, w.operatorA1, 'communities', { name: 'a.csv', content: csv });
    expect(op.badRows).toEqual([expect.objectContaining({ line: 3, column: '经度', code: 'OUT_OF_SCOPE' })]);
    const other = await checked(t.app, w.adminB, 'communities', { name: 'a.csv', content: csv });
    expect(other).toMatchObject({ good: 0, bad: 2 });
    expect(other.badRows.map((b) => b.code)).toEqual(['OUT_OF_SCOPE', 'OUT_OF_SCOPE']);
    expectError(await commit(t.app, w.adminB, other.id, true), 400, 'IMPORT_NOTHING_TO_WRITE');
    // By street code into another district's street.
    const byCode = await checked(t.app, w.adminA, 'communities', {
      name: 'c.csv',
      content: toCsv([
        communityRow(`${w.tag}-303`, { streetCode: w.b1.code }),
        communityRow(`${w.tag}-304`, { streetCode: 'NOPE' }),
      ]),
    });
    expect(byCode.badRows).toEqual([
      expect.objectContaining({ line: 2, column: '街道编码', code: 'OUT_OF_SCOPE' }),
      expect.objectContaining({ line: 3, column: '街道编码', code: 'STREET_UNKNOWN' }),
    ]);
    // Another account's run is not found; a community admin may not import at all.
    expectError(await (await import('./support.js')).getRun(t.app, w.adminB, op.id), 404, 'NOT_FOUND');
    expectError(
      await upload(t.app, w.communityAdmin, 'communities', { name: 'a.csv', content: csv }),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses an unreadable file with a 4xx and a Chinese message, never a 5xx', async () => {
    const cases: [{ name: string; content: string | Buffer }, number, string][] = [
      [{ name: 'a.txt', content: 'hello' }, 400, 'IMPORT_FILE_TYPE'],
      [{ name: 'a.xlsx', content: 'this is not a zip' }, 400, 'IMPORT_FILE_INVALID'],
      [
        { name: 'a.xlsx', content: Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8]) },
        400,
        'IMPORT_FILE_INVALID',
      ],
      [{ name: 'a.csv', content: Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00, 0x00]) }, 400, 'IMPORT_FILE_INVALID'],
      [{ name: 'a.csv', content: '名字,地点\n甲,乙\n' }, 400, 'IMPORT_COLUMNS_INVALID'],
      [{ name: 'a.csv', content: toCsv([]) }, 400, 'IMPORT_EMPTY'],
      [{ name: 'a.csv', content: '' }, 400, 'IMPORT_EMPTY'],
      [{ name: 'a.csv', content: '小区编码,小区名称,经度,纬度\n"未闭合,1,2,3\n' }, 400, 'IMPORT_FILE_INVALID'],
    ];
    for (const [file, status, code] of cases) {
      const res = await upload(t.app, w.adminA, 'communities', file);
      expectError(res, status, code);
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/communities',
      headers: {
        ...(await import('../../fixtures/factories.js')).bearer(
          (await import('../../fixtures/factories.js')).accessTokenFor(t.app, w.adminA),
        ),
        'content-type': 'application/json',
      },
      payload: { content: 'x' },
    });
    expectError(res, 415, 'MULTIPART_REQUIRED');
  });

  it('refuses a file over UPLOAD_MAX_BYTES with 413', async () => {
    const small = await buildTestApp({ UPLOAD_MAX_BYTES: '2048' });
    try {
      const w2 = await importWorld(small.db);
      const rows = Array.from({ length: 60 }, (_, i) => communityRow(`${w2.tag}-${i}`));
      expectError(
        await upload(small.app, w2.adminA, 'communities', { name: 'big.csv', content: toCsv(rows) }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
    } finally {
      await small.close();
    }
  });

  it('serves the template as CSV and .xlsx, and the template imports as is', async () => {
    const { accessTokenFor, bearer } = await import('../../fixtures/factories.js');
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/communities.csv',
      headers: bearer(accessTokenFor(t.app, w.adminA)),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('小区编码,小区名称');
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/communities.xlsx',
      headers: bearer(accessTokenFor(t.app, w.adminA)),
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // The example row is a valid row (it stands in street A2 here).
    const run = await checked(t.app, w.adminA, 'communities', { name: 't.xlsx', content: xlsx.rawPayload });
    expect(run).toMatchObject({ rows: 1, good: 1, bad: 0 });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/imports/templates/communities.csv' })).statusCode).toBe(
      401,
    );
  });
});
