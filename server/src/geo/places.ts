import { sql } from 'drizzle-orm';
import { PLACE_SEARCH, type PlaceKind } from '@nuanxin/shared/geo/constants';
import type { PlaceAreas, PlaceHit, PlaceSearchQuery, PlaceSearchResult } from '@nuanxin/shared/geo/places';
import { rowsOf } from '../db/client.js';
import { badRequest } from '../platform/app-error.js';
import type { GeoContext } from './context.js';

// Finding a place by name when the phone will not say where it is (location refused or failing):
// the districts and streets we serve, and a search over districts, streets, communities and
// stations. Public names and a position to search from, nothing else (no contacts, no owners).
// An area's position is the middle of its boundary's bounding box.

/** `%` `_` and `\` typed by a person match themselves, not anything. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const KIND_ORDER: Record<PlaceKind, number> = { street: 0, community: 1, station: 2, district: 3 };

/**
 * Places whose name contains the text (case-insensitive, parameterised ILIKE; each kind bounded by
 * the limit), names that start with it first, then shorter names. Inactive streets and
 * communities are left out; an area without a boundary has no position and is left out too.
 */
export async function searchPlaces(ctx: GeoContext, query: PlaceSearchQuery): Promise<PlaceSearchResult> {
  const q = (query.q ?? '').trim();
  if ([...q].length < PLACE_SEARCH.minChars) throw badRequest('VALIDATION_FAILED', '请输入要查找的地点名称', 'q');
  if ([...q].length > PLACE_SEARCH.maxChars)
    throw badRequest('VALIDATION_FAILED', `地点名称最多 ${PLACE_SEARCH.maxChars} 个字`, 'q');
  const contains = `%${likeEscaped(q)}%`;
  const limit = PLACE_SEARCH.limit;
  const rows = rowsOf<PlaceHit>(
    await ctx.db.execute(sql`
      (select 'district' as kind, d.id::text as id, d.name, '' as context,
              (center(box(d.boundary)))[1] as lat, (center(box(d.boundary)))[0] as lng
         from districts d
        where d.boundary is not null and d.name ilike ${contains}
        limit ${limit})
      union all
      (select 'street', s.id::text, s.name, d.name,
              (center(box(s.boundary)))[1], (center(box(s.boundary)))[0]
         from streets s join districts d on d.id = s.district_id
        where s.active and s.boundary is not null and s.name ilike ${contains}
        limit ${limit})
      union all
      (select 'community', c.id::text, c.name, s.name, c.lat, c.lng
         from communities c join streets s on s.id = c.street_id
        where c.active and s.active and c.name ilike ${contains}
        limit ${limit})
      union all
      (select 'station', st.id::text, st.name, coalesce(s.name, ''), st.lat, st.lng
         from stations st left join streets s on s.id = st.street_id
        where st.name ilike ${contains}
        limit ${limit})`),
  );
  const lower = q.toLowerCase();
  const items = rows
    .map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) }))
    .sort(
      (a, b) =>
        Number(!a.name.toLowerCase().startsWith(lower)) - Number(!b.name.toLowerCase().startsWith(lower)) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        [...a.name].length - [...b.name].length ||
        a.name.localeCompare(b.name, 'zh-CN'),
    )
    .slice(0, limit);
  return { items };
}

interface AreaRow {
  id: string;
  district_id: string;
  name: string;
  lat: number | null;
  lng: number | null;
}

/** The districts we serve with their active streets that have a boundary (a picker's two lists). */
export async function listPlaceAreas(ctx: GeoContext): Promise<PlaceAreas> {
  const districts = rowsOf<Omit<AreaRow, 'district_id'>>(
    await ctx.db.execute(sql`
      select d.id::text as id, d.name,
             (center(box(d.boundary)))[1] as lat, (center(box(d.boundary)))[0] as lng
        from districts d order by d.adcode`),
  );
  const streets = rowsOf<AreaRow>(
    await ctx.db.execute(sql`
      select s.id::text as id, s.district_id::text as district_id, s.name,
             (center(box(s.boundary)))[1] as lat, (center(box(s.boundary)))[0] as lng
        from streets s
       where s.active and s.boundary is not null
       order by s.code`),
  );
  const items = districts
    .map((d) => ({
      id: d.id,
      name: d.name,
      lat: d.lat === null ? null : Number(d.lat),
      lng: d.lng === null ? null : Number(d.lng),
      streets: streets
        .filter((s) => s.district_id === d.id)
        .map((s) => ({ id: s.id, name: s.name, lat: Number(s.lat), lng: Number(s.lng) })),
    }))
    .filter((d) => d.streets.length > 0);
  return { items };
}
