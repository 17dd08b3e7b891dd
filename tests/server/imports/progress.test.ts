import { count, like } from 'drizzle-orm';
import type { LiveProgress } from '@nuanxin/server/imports/index';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { communities } from '../../../server/src/db/schema/index.js';
import { createUser } from '../../fixtures/factories.js';
import { checked, commit, communityRow, importWorld, settle, toCsv, upload } from './support.js';

describe('import progress and concurrent imports', () => {
  let t: TestContext;
  let w: Awaited<ReturnType<typeof importWorld>>;
  let otherAdmin: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    t = await buildTestApp();
    w = await importWorld(t.db);
    // A second admin of district A.
    otherAdmin = await createUser(t.db, 'district_admin', [{ kind: 'district', refId: w.a.id }], '甲区管理员二');
  });
  afterAll(() => t.close());

  it('progress moves from 0 to the total in the check and in the write', async () => {
    const events: [string, LiveProgress][] = [];
    const listen = (id: string, p: LiveProgress) => events.push([id, { ...p }]);
    t.app.importRunner.events.on('progress', listen);
    const rows = Array.from({ length: 1200 }, (_, i) =>
      communityRow(`${w.tag}-P${i}`, { lng: String(116.41 + (i % 80) / 1000) }),
    );
    const res = await upload(t.app, w.adminA, 'communities', { name: 'big.csv', content: toCsv(rows) });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'checking', rows: 1200, progress: { total: 1200 } });
    const id = res.json().id as string;
    const run = await settle(t.app, w.adminA, id);
    expect(run).toMatchObject({ status: 'checked', good: 1200, progress: { done: 1200, total: 1200 } });
    await commit(t.app, w.adminA, id);
    expect(await settle(t.app, w.adminA, id)).toMatchObject({ status: 'done', inserted: 1200 });
    t.app.importRunner.events.off('progress', listen);

    const mine = events.filter(([rid]) => rid === id).map(([, p]) => p);
    for (const status of ['checking', 'importing'] as const) {
      const seq = mine.filter((p) => p.status === status).map((p) => p.done);
      expect(seq.length).toBeGreaterThan(3);
      expect(seq[0]).toBe(0);
      expect(seq.at(-1)).toBe(1200);
      expect(new Set(seq).size).toBeGreaterThan(2); // it moved through values in between
    }
    const writes = mine.filter((p) => p.status === 'importing').map((p) => p.done);
    expect(writes).toEqual([...writes].sort((a, b) => a - b));
  });

  it('two imports at once: disjoint files both land; the same codes land once', async () => {
    const fileA = toCsv(Array.from({ length: 50 }, (_, i) => communityRow(`${w.tag}-X${i}`)));
    const fileB = toCsv(Array.from({ length: 50 }, (_, i) => communityRow(`${w.tag}-Y${i}`)));
    const [a, b] = await Promise.all([
      checked(t.app, w.adminA, 'communities', { name: 'x.csv', content: fileA }),
      checked(t.app, otherAdmin, 'communities', { name: 'y.csv', content: fileB }),
    ]);
    await Promise.all([commit(t.app, w.adminA, a.id), commit(t.app, otherAdmin, b.id)]);
    const [da, db] = await Promise.all([settle(t.app, w.adminA, a.id), settle(t.app, otherAdmin, b.id)]);
    expect([da.status, da.inserted, db.status, db.inserted]).toEqual(['done', 50, 'done', 50]);

    // The same 30 codes uploaded by two admins, confirmed at the same time.
    const same = toCsv(Array.from({ length: 30 }, (_, i) => communityRow(`${w.tag}-Z${i}`)));
    const [c, d] = await Promise.all([
      checked(t.app, w.adminA, 'communities', { name: 'z.csv', content: same }),
      checked(t.app, otherAdmin, 'communities', { name: 'z.csv', content: same }),
    ]);
    expect([c.good, d.good]).toEqual([30, 30]);
    const commits = await Promise.all([commit(t.app, w.adminA, c.id), commit(t.app, otherAdmin, d.id)]);
    expect(commits.map((r) => r.statusCode)).toEqual([202, 202]);
    const runs = await Promise.all([settle(t.app, w.adminA, c.id), settle(t.app, otherAdmin, d.id)]);
    const done = runs.filter((r) => r.status === 'done');
    const refused = runs.filter((r) => r.status === 'checked');
    expect(done).toHaveLength(1);
    expect(done[0]!.inserted).toBe(30);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ bad: 30, good: 0, error: { code: 'IMPORT_CONFLICT' } });
    expect(refused[0]!.badRows[0]).toMatchObject({ line: 2, column: '小区编码', code: 'CODE_EXISTS' });
    const [{ n }] = (await t.db
      .select({ n: count() })
      .from(communities)
      .where(like(communities.code, `${w.tag}-Z%`))) as [{ n: number }];
    expect(n).toBe(30);
  });
});
