// Benchmark: bulk import of 2,000 communities (each with 2 gates and 2 agreements) through the API
// on PostgreSQL — upload → dry run (worker thread) → confirm → written — from CSV and from .xlsx,
// against a baseline of the same bulk inserts alone (insertCommunities in one transaction: no
// file, no worker, no HTTP). Goal: ≤ 10 s per import of 2,000 rows on this machine; the bench
// exits non-zero when an import takes longer. Knobs: BENCH_ROWS (2000), BENCH_ROUNDS (3).
import { sql } from 'drizzle-orm';
import { COMMUNITY_COLUMNS } from '@nuanxin/shared/imports/constants';
import { insertCommunities, writeXlsx, type PlacedCommunity } from '@nuanxin/server/imports/index';
import { fmt, median, postgres, seededDatabase, startApi } from './lib/harness.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BUDGET_MS = 10_000;

interface Street {
  id: string;
  code: string;
  district_id: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** ROWS template rows, each inside one of the seeded streets' boxes (the street found by boundary). */
function rows(prefix: string, streets: Street[]): string[][] {
  return Array.from({ length: ROWS }, (_, i) => {
    const s = streets[i % streets.length]!;
    const lng = s.x0 + (s.x1 - s.x0) * (0.1 + (0.8 * ((i * 7919) % 1000)) / 1000);
    const lat = s.y0 + (s.y1 - s.y0) * (0.1 + (0.8 * ((i * 104729) % 997)) / 997);
    const spec: Record<string, string> = {
      code: `${prefix}-${String(i).padStart(5, '0')}`,
      name: `压测小区${i}`,
      address: `朝阳区某路 ${i} 号`,
      lng: lng.toFixed(6),
      lat: lat.toFixed(6),
      propertyCompany: '某物业',
      gates: `东门:人工; 北门:智能@${lng.toFixed(6)},${(lat + 0.0005).toFixed(6)}`,
      platforms: '美团、饿了么',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      approval: '自动',
      communitySignatory: '张三',
      propertySignatory: '李四',
      platformSignatory: '王五',
    };
    return COMMUNITY_COLUMNS.map((c) => spec[c.key] ?? '');
  });
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvOf = (data: string[][]) =>
  [COMMUNITY_COLUMNS.map((c) => c.header), ...data].map((r) => r.map(cell).join(',')).join('\n') + '\n';

const pgServer = await postgres();
try {
  const database = await seededDatabase(pgServer);
  // Street boxes from the polygon's bounding box (the seed draws boxes).
  const boxes = (
    (await database.db.execute(sql`
      select id, code, district_id, box(boundary) as b from streets where boundary is not null`)) as unknown as {
      rows: { id: string; code: string; district_id: string; b: string }[];
    }
  ).rows.map((r) => {
    const [x1, y1, x0, y0] = r.b.match(/-?\d+(\.\d+)?/g)!.map(Number) as [number, number, number, number];
    return { id: r.id, code: r.code, district_id: r.district_id, x0, y0, x1, y1 };
  });
  const adminId = (
    (await database.db.execute(sql`select id from users where demo_account = 'district_admin'`)) as unknown as {
      rows: { id: string }[];
    }
  ).rows[0]!.id;

  const api = await startApi({ DATABASE_URL: pgServer.url });
  try {
    const login = await fetch(`${api.base}/api/v1/auth/demo-login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'district_admin' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const auth = { authorization: `Bearer ${accessToken}` };

    async function importOnce(name: string, content: Buffer | string) {
      const t0 = performance.now();
      const data = new FormData();
      data.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
      const up = await fetch(`${api.base}/api/v1/imports/communities`, { method: 'POST', headers: auth, body: data });
      if (up.status !== 202) throw new Error(`upload ${up.status} ${await up.text()}`);
      const { id } = (await up.json()) as { id: string };
      const wait = async () => {
        for (;;) {
          const run = (await (await fetch(`${api.base}/api/v1/imports/${id}`, { headers: auth })).json()) as {
            status: string;
            good: number;
            bad: number;
            inserted: number;
            badRows: unknown[];
          };
          if (run.status !== 'checking' && run.status !== 'importing') return run;
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      const report = await wait();
      const t1 = performance.now();
      if (report.bad > 0) throw new Error(`dry run found bad rows: ${JSON.stringify(report.badRows.slice(0, 3))}`);
      const c = await fetch(`${api.base}/api/v1/imports/${id}/commit`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: '{}',
      });
      if (c.status !== 202) throw new Error(`commit ${c.status} ${await c.text()}`);
      const done = await wait();
      const t2 = performance.now();
      if (done.status !== 'done' || done.inserted !== ROWS) throw new Error(`import ended ${JSON.stringify(done)}`);
      return { check: t1 - t0, write: t2 - t1, total: t2 - t0 };
    }

    // The first import after start (the server warms its worker at start; tsx and exceljs load once).
    const cold = await importOnce('warm.csv', csvOf(rows('W', boxes)));
    const csvRounds = [];
    const xlsxRounds = [];
    for (let i = 0; i < ROUNDS; i++) {
      csvRounds.push(await importOnce(`c${i}.csv`, csvOf(rows(`C${i}`, boxes))));
      const data = rows(`X${i}`, boxes);
      xlsxRounds.push(
        await importOnce(
          `x${i}.xlsx`,
          await writeXlsx(
            COMMUNITY_COLUMNS.map((c) => c.header),
            data,
          ),
        ),
      );
    }

    // Baseline: the same rows' bulk inserts alone, in one transaction.
    const baseRounds: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const placed: PlacedCommunity[] = rows(`B${i}`, boxes).map((r, j) => {
        const s = boxes[j % boxes.length]!;
        return {
          line: j + 2,
          code: r[0]!,
          name: r[1]!,
          address: r[2]!,
          lng: Number(r[3]),
          lat: Number(r[4]),
          propertyCompany: r[5]!,
          streetCode: null,
          streetId: s.id,
          districtId: s.district_id,
          gates: [
            { name: '东门', kind: 'guarded', lat: Number(r[4]), lng: Number(r[3]) },
            { name: '北门', kind: 'smart', lat: Number(r[4]) + 0.0005, lng: Number(r[3]) },
          ],
          agreements: (['meituan', 'eleme'] as const).map((platform) => ({
            platform,
            stationName: null,
            startsOn: '2026-01-01',
            endsOn: '2026-12-31',
            approval: 'auto' as const,
            signatories: { community: '张三', property: '李四', platform: '王五' },
          })),
        };
      });
      const actor = {
        userId: adminId,
        role: 'district_admin' as const,
        districtIds: [],
        streetIds: [],
        communityIds: [],
        merchantIds: [],
        gateIds: [],
        teamIds: [],
        apartmentIds: [],
      };
      const t0 = performance.now();
      await database.db.transaction((tx) => insertCommunities(tx, placed, { actor, at: new Date(), skipTaken: false }));
      baseRounds.push(performance.now() - t0);
    }
    await database.close();

    const row = (rs: { check: number; write: number; total: number }[]) => ({
      'dry run ms': fmt(median(rs.map((r) => r.check)), 0),
      'confirm+write ms': fmt(median(rs.map((r) => r.write)), 0),
      'total ms': fmt(median(rs.map((r) => r.total)), 0),
      'rows/s': fmt(ROWS / (median(rs.map((r) => r.total)) / 1000), 0),
    });
    const base = median(baseRounds);
    console.log(
      `\nBulk import of ${ROWS} communities (2 gates + 2 agreements each) — PostgreSQL, ${ROUNDS} rounds (medians)`,
    );
    console.table({
      'API, CSV': row(csvRounds),
      'API, .xlsx': row(xlsxRounds),
      'first import after start, CSV': row([cold]),
      'baseline: bulk inserts alone': {
        'dry run ms': '-',
        'confirm+write ms': fmt(base, 0),
        'total ms': fmt(base, 0),
        'rows/s': fmt(ROWS / (base / 1000), 0),
      },
    });
    const worst = Math.max(...csvRounds.map((r) => r.total), ...xlsxRounds.map((r) => r.total), cold.total);
    console.log(
      `ratio API/baseline: CSV ${fmt(median(csvRounds.map((r) => r.total)) / base, 1)}, .xlsx ${fmt(median(xlsxRounds.map((r) => r.total)) / base, 1)}; slowest import ${fmt(worst / 1000, 2)} s (budget ${BUDGET_MS / 1000} s)`,
    );
    if (worst > BUDGET_MS) {
      console.error(`an import of ${ROWS} rows took longer than ${BUDGET_MS / 1000} s`);
      process.exitCode = 1;
    }
  } finally {
    await api.stop();
  }
} finally {
  pgServer.stop();
}
