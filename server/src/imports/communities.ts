import { sql } from 'drizzle-orm';
import { PLATFORM_LABELS } from '@nuanxin/shared/access/constants';
import type { ImportBadRow } from '@nuanxin/shared/imports/schemas';
import { rowsOf, type Db } from '../db/client.js';
import { streets } from '../db/schema/index.js';
import { inScope, type Principal } from '../auth/index.js';
import { badRow, type CommunityDraft } from './communities-rows.js';

/** A community row placed in its street (within the caller's scope). */
export interface PlacedCommunity extends CommunityDraft {
  streetId: string;
  districtId: string;
}

/**
 * The checks that need the database: the street (by code, else the street boundary that covers
 * the point — the streets' polygons with `@>`, as geo routes a point), the caller's scope, and a
 * code already taken. One query each for the whole file.
 */
export async function placeCommunities(
  db: Db,
  actor: Principal,
  drafts: CommunityDraft[],
): Promise<{ good: PlacedCommunity[]; bad: ImportBadRow[] }> {
  const good: PlacedCommunity[] = [];
  const bad: ImportBadRow[] = [];
  if (drafts.length === 0) return { good, bad };
  const streetRows = await db
    .select({ id: streets.id, code: streets.code, districtId: streets.districtId, active: streets.active })
    .from(streets);
  const byCode = new Map(streetRows.map((s) => [s.code, s]));
  const byId = new Map(streetRows.map((s) => [s.id, s]));

  const points = drafts.map((d, i) => ({ i, lng: d.lng, lat: d.lat })).filter((_, i) => !drafts[i]!.streetCode);
  const covering = new Map<number, string>();
  if (points.length > 0) {
    const result = await db.execute(sql`
      select p.i, (select s.id from streets s
                   where s.boundary is not null and s.boundary @> point(p.lng, p.lat)
                   order by s.active desc, s.code limit 1) as street_id
      from jsonb_to_recordset(${JSON.stringify(points)}::jsonb) as p(i int, lng float8, lat float8)`);
    for (const r of rowsOf<{ i: number; street_id: string | null }>(result))
      if (r.street_id) covering.set(Number(r.i), r.street_id);
  }
  const taken = new Set(
    rowsOf<{ code: string }>(
      await db.execute(sql`
        select code from communities
        where code in (select jsonb_array_elements_text(${JSON.stringify(drafts.map((d) => d.code))}::jsonb))`),
    ).map((r) => r.code),
  );

  drafts.forEach((d, i) => {
    const street = d.streetCode ? byCode.get(d.streetCode) : byId.get(covering.get(i) ?? '');
    const where = d.streetCode ? 'streetCode' : 'lng';
    if (d.streetCode && !street)
      bad.push(badRow(d.line, 'streetCode', 'STREET_UNKNOWN', `没有编码为 ${d.streetCode} 的街道`));
    else if (!street)
      bad.push(
        badRow(d.line, 'lng', 'OUTSIDE_STREETS', '该位置不在任何已登记的街道边界内，请核对经纬度或填写街道编码'),
      );
    else if (!inScope(actor, { streetId: street.id, districtId: street.districtId }))
      bad.push(badRow(d.line, where, 'OUT_OF_SCOPE', '该小区不在你负责的范围内'));
    else if (!street.active) bad.push(badRow(d.line, where, 'STREET_INACTIVE', `所在街道 ${street.code} 已停用`));
    else if (taken.has(d.code))
      bad.push(
        badRow(d.line, 'code', 'CODE_EXISTS', `小区编码 ${d.code} 已存在（重复导入不会覆盖，请在小区管理中修改）`),
      );
    else good.push({ ...d, streetId: street.id, districtId: street.districtId });
  });
  return { good, bad };
}

// Rows per insert statement: few round trips, and the bar moves a few times on a big file.
const BATCH = 400;

/** Codes that another import took between the check and this write. */
export class CodesTaken extends Error {
  constructor(readonly codes: Set<string>) {
    super('community codes taken');
  }
}

/**
 * Inserts the communities, then their gates, then their agreements, in bulk statements inside
 * the caller's transaction. A code taken meanwhile (a concurrent import) is skipped by
 * `ON CONFLICT DO NOTHING` and, unless `skipTaken`, throws CodesTaken so the transaction rolls back.
 */
export async function insertCommunities(
  tx: Db,
  rows: PlacedCommunity[],
  opts: { actor: Principal; at: Date; skipTaken: boolean; onBatch?: (done: number) => void },
): Promise<{ inserted: PlacedCommunity[]; taken: Set<string>; gates: number; agreements: number }> {
  // Each statement takes its rows as one jsonb parameter (jsonb_to_recordset): one bind value
  // instead of ten per row, so building and sending a batch stays cheap.
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => ({
      street_id: r.streetId,
      code: r.code,
      name: r.name,
      address: r.address,
      lat: r.lat,
      lng: r.lng,
      property_company: r.propertyCompany,
    }));
    const out = rowsOf<{ id: string; code: string }>(
      await tx.execute(sql`
        insert into communities (street_id, code, name, address, lat, lng, property_company, created_at, updated_at)
        select r.street_id, r.code, r.name, r.address, r.lat, r.lng, r.property_company, ${opts.at}::timestamptz, ${opts.at}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
          as r(street_id uuid, code text, name text, address text, lat float8, lng float8, property_company text)
        on conflict (code) do nothing
        returning id, code`),
    );
    for (const o of out) ids.set(o.code, o.id);
    opts.onBatch?.(Math.min(i + BATCH, rows.length));
  }
  const taken = new Set(rows.filter((r) => !ids.has(r.code)).map((r) => r.code));
  if (taken.size > 0 && !opts.skipTaken) throw new CodesTaken(taken);
  const inserted = rows.filter((r) => ids.has(r.code));

  const gateRows = inserted.flatMap((r) =>
    r.gates.map((g) => ({ community_id: ids.get(r.code)!, name: g.name, kind: g.kind, lat: g.lat, lng: g.lng })),
  );
  for (let i = 0; i < gateRows.length; i += BATCH * 4)
    await tx.execute(sql`
      insert into gates (community_id, name, kind, lat, lng, created_at, updated_at)
      select r.community_id, r.name, r.kind, r.lat, r.lng, ${opts.at}::timestamptz, ${opts.at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(gateRows.slice(i, i + BATCH * 4))}::jsonb)
        as r(community_id uuid, name text, kind text, lat float8, lng float8)`);

  const agreementRows = inserted.flatMap((r) =>
    r.agreements.map((a) => ({
      community_id: ids.get(r.code)!,
      platform: a.platform,
      station_name: a.stationName,
      starts_on: a.startsOn,
      ends_on: a.endsOn,
      approval: a.approval,
      property_company: r.propertyCompany,
      parties: [
        { kind: 'community', organisation: r.name, signatory: a.signatories.community },
        { kind: 'property', organisation: r.propertyCompany, signatory: a.signatories.property },
        { kind: 'platform', organisation: PLATFORM_LABELS[a.platform], signatory: a.signatories.platform },
      ].filter((p) => p.organisation !== '' || p.signatory !== ''),
    })),
  );
  for (let i = 0; i < agreementRows.length; i += BATCH * 4)
    await tx.execute(sql`
      insert into access_agreements (community_id, platform, station_name, starts_on, ends_on, approval,
                                     property_company, parties, created_by, created_at, updated_at)
      select r.community_id, r.platform, r.station_name, r.starts_on, r.ends_on, r.approval,
             r.property_company, r.parties, ${opts.actor.userId}::uuid, ${opts.at}::timestamptz, ${opts.at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(agreementRows.slice(i, i + BATCH * 4))}::jsonb)
        as r(community_id uuid, platform text, station_name text, starts_on date, ends_on date, approval text,
             property_company text, parties jsonb)`);
  return { inserted, taken, gates: gateRows.length, agreements: agreementRows.length };
}
