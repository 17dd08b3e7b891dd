import { sql, type SQL } from 'drizzle-orm';
import type { ActivityStation } from '@nuanxin/shared/activities/schemas';
import { rowsOf, type Db } from '../db/client.js';
import type { Acting, Principal } from '../auth/index.js';
import type { ActivitiesContext } from './context.js';

const ids = (xs: readonly string[]) =>
  xs.length === 0
    ? sql`(null::uuid)`
    : sql`(${sql.join(
        xs.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`;

/**
 * The 驿站 an organiser may hold an activity at: its district's, its street's, or (a community
 * admin) those on its communities' streets. Stations know their district and street, not a community.
 */
export function stationScope(actor: Principal): SQL {
  switch (actor.role) {
    case 'district_admin':
      return sql`s.district_id in ${ids(actor.districtIds)}`;
    case 'street_operator':
      return sql`s.street_id in ${ids(actor.streetIds)}`;
    case 'community_admin':
      return sql`s.street_id in (select c.street_id from communities c where c.id in ${ids(actor.communityIds)})`;
    default:
      return sql`false`;
  }
}

/** The station if it is open and within the organiser's area, else undefined. */
export async function organiserStation(db: Db, actor: Principal, stationId: string) {
  const [row] = rowsOf<ActivityStation>(
    await db.execute(sql`select s.id, s.name, s.address, s.lat, s.lng from stations s
                          where s.id = ${stationId}::uuid and s.status <> 'closed' and ${stationScope(actor)}`),
  );
  return row;
}

/** 选择驿站: stations in the organiser's area whose name or address contains `q`, by name. */
export async function searchStations(
  ctx: Acting<ActivitiesContext>,
  input: { q?: string },
): Promise<ActivityStation[]> {
  const q = (input.q ?? '').trim();
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return rowsOf<ActivityStation>(
    await ctx.db.execute(sql`
      select s.id, s.name, s.address, s.lat, s.lng from stations s
       where ${stationScope(ctx.actor)} and s.status <> 'closed'
         ${q ? sql`and (s.name ilike ${like} or s.address ilike ${like})` : sql``}
       order by s.name, s.id
       limit 20`),
  ).map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) }));
}
