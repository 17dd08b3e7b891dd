import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Station } from '@nuanxin/shared/stations/schemas';
import type { StaffStationPage, StaffStationQuery } from '@nuanxin/shared/stations/schemas';
import { stations, streets } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import type { StationsContext } from './context.js';

/** What the audit log keeps of a station: no contact (a phone number stays out of the log). */
export function auditView(s: Station) {
  return {
    externalId: s.externalId,
    name: s.name,
    type: s.type,
    address: s.address,
    lat: s.lat,
    lng: s.lng,
    streetId: s.streetId,
    status: s.status,
    statusNote: s.statusNote,
  };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * 驿站管理: the stations in the caller's scope (a district admin's district, a street operator's
 * street), by name, address or external id, closed ones too; paged by offset.
 */
export async function listStationsForStaff(
  ctx: Acting<StationsContext>,
  input: StaffStationQuery,
): Promise<StaffStationPage> {
  const { actor } = ctx;
  const scope: SQL | undefined =
    actor.role === 'district_admin'
      ? inArray(
          stations.districtId,
          actor.districtIds.length ? actor.districtIds : ['00000000-0000-0000-0000-000000000000'],
        )
      : inArray(stations.streetId, actor.streetIds.length ? actor.streetIds : ['00000000-0000-0000-0000-000000000000']);
  const q = input.q?.trim();
  const where = and(
    scope,
    q
      ? or(
          ilike(stations.name, `%${escapeLike(q)}%`),
          ilike(stations.address, `%${escapeLike(q)}%`),
          ilike(stations.externalId, `%${escapeLike(q)}%`),
        )
      : undefined,
    input.status ? eq(stations.status, input.status) : undefined,
  );
  const limit = input.limit ?? 20;
  const offset = input.offset ?? 0;
  const rows = await ctx.db
    .select({
      id: stations.id,
      externalId: stations.externalId,
      name: stations.name,
      type: stations.type,
      address: stations.address,
      lat: stations.lat,
      lng: stations.lng,
      streetName: streets.name,
      status: stations.status,
      statusNote: stations.statusNote,
      updatedAt: stations.updatedAt,
    })
    .from(stations)
    .leftJoin(streets, eq(streets.id, stations.streetId))
    .where(where)
    .orderBy(asc(stations.name), asc(stations.id))
    .limit(limit)
    .offset(offset);
  const [{ n }] = (await ctx.db.select({ n: count() }).from(stations).where(where)) as [{ n: number }];
  return {
    total: Number(n),
    items: rows.map((r) => ({
      ...r,
      type: r.type as StaffStationPage['items'][number]['type'],
      status: r.status as StaffStationPage['items'][number]['status'],
      updatedAt: r.updatedAt.toISOString(),
    })),
  };
}
