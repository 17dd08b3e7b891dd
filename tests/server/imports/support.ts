import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { COMMUNITY_COLUMNS } from '@nuanxin/shared/imports/constants';
import type { ImportRun } from '@nuanxin/shared/imports/schemas';
import type { Db } from '../../../server/src/db/client.js';
import { districts, streets } from '../../../server/src/db/schema/index.js';
import { accessTokenFor, bearer, createUser } from '../../fixtures/factories.js';

type User = { id: string; role: string };

const box = (lng0: number, lng1: number) => [
  { lng: lng0, lat: 39.9 },
  { lng: lng1, lat: 39.9 },
  { lng: lng1, lat: 40.0 },
  { lng: lng0, lat: 40.0 },
];

/**
 * District A with two side-by-side streets (A1: lng 116.40–116.45, A2: 116.45–116.50), district B
 * with one (B1: 116.60–116.70); an admin per district, an operator per street.
 */
export async function importWorld(db: Db) {
  const tag = randomBytes(3).toString('hex');
  const [a] = await db
    .insert(districts)
    .values({ adcode: `IA${tag}`, name: '甲区' })
    .returning();
  const [b] = await db
    .insert(districts)
    .values({ adcode: `IB${tag}`, name: '乙区' })
    .returning();
  const street = async (districtId: string, code: string, lng0: number, lng1: number) =>
    (
      await db
        .insert(streets)
        .values({ districtId, code, name: `${code}街道`, boundary: box(lng0, lng1) })
        .returning()
    )[0]!;
  const a1 = await street(a!.id, `A1${tag}`, 116.4, 116.45);
  const a2 = await street(a!.id, `A2${tag}`, 116.45, 116.5);
  const b1 = await street(b!.id, `B1${tag}`, 116.6, 116.7);
  return {
    tag,
    a: a!,
    b: b!,
    a1,
    a2,
    b1,
    adminA: await createUser(db, 'district_admin', [{ kind: 'district', refId: a!.id }], '甲区管理员'),
    adminB: await createUser(db, 'district_admin', [{ kind: 'district', refId: b!.id }], '乙区管理员'),
    operatorA1: await createUser(db, 'street_operator', [{ kind: 'street', refId: a1.id }], 'A1 街道'),
    communityAdmin: await createUser(db, 'community_admin', [], '社区'),
  };
}

export const HEADERS = COMMUNITY_COLUMNS.map((c) => c.header);

/** One template row by column key (missing keys are empty). */
export type RowSpec = Partial<Record<(typeof COMMUNITY_COLUMNS)[number]['key'], string>>;

export function communityRow(code: string, extra: RowSpec = {}): string[] {
  const spec: RowSpec = {
    code,
    name: `小区${code}`,
    address: '某路 1 号',
    lng: '116.42',
    lat: '39.95',
    propertyCompany: '某物业',
    gates: '东门:人工; 北门:智能@116.421,39.951',
    platforms: '美团、饿了么',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    approval: '自动',
    communitySignatory: '张三',
    ...extra,
  };
  return COMMUNITY_COLUMNS.map((c) => spec[c.key] ?? '');
}

const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
export const toCsv = (rows: string[][], header: string[] = HEADERS) =>
  [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';

export async function toXlsx(rows: (string | number | Date)[][], header: string[] = HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('小区');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A multipart body with one file part, as a browser sends it. */
export async function form(file: { name: string; content: string | Buffer; field?: string }) {
  const data = new FormData();
  data.append(
    file.field ?? 'file',
    new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)], {
      type: 'application/octet-stream',
    }),
    file.name,
  );
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

export async function upload(
  app: FastifyInstance,
  user: User,
  kind: 'communities' | 'stations',
  file: { name: string; content: string | Buffer; field?: string },
) {
  const { payload, contentType } = await form(file);
  return app.inject({
    method: 'POST',
    url: `/api/v1/imports/${kind}`,
    headers: { ...bearer(accessTokenFor(app, user)), 'content-type': contentType },
    payload,
  });
}

export const getRun = (app: FastifyInstance, user: User, id: string) =>
  app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: bearer(accessTokenFor(app, user)) });

export const commit = (app: FastifyInstance, user: User, id: string, skipBad?: boolean) =>
  app.inject({
    method: 'POST',
    url: `/api/v1/imports/${id}/commit`,
    headers: bearer(accessTokenFor(app, user)),
    payload: skipBad === undefined ? {} : { skipBad },
  });

/** Polls the run until it leaves `checking`/`importing`. */
export async function settle(app: FastifyInstance, user: User, id: string): Promise<ImportRun> {
  for (let i = 0; i < 600; i++) {
    const res = await getRun(app, user, id);
    if (res.statusCode !== 200) throw new Error(`GET run ${res.statusCode} ${res.body}`);
    const run = res.json() as ImportRun;
    if (run.status !== 'checking' && run.status !== 'importing') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import run did not settle');
}

/** Upload, wait for the dry run's report. */
export async function checked(
  app: FastifyInstance,
  user: User,
  kind: 'communities' | 'stations',
  file: { name: string; content: string | Buffer },
): Promise<ImportRun> {
  const res = await upload(app, user, kind, file);
  if (res.statusCode !== 202) throw new Error(`upload ${res.statusCode} ${res.body}`);
  return settle(app, user, res.json().id);
}
