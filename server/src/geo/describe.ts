import { sql } from 'drizzle-orm';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import {
  OUTSIDE_SERVICE_LABEL,
  PLACE_COMMUNITY_RADIUS_M,
  PLACE_LANDMARK_RADIUS_M,
} from '@nuanxin/shared/geo/constants';
import { NEAREST_MAX_RADIUS_M } from '@nuanxin/shared/stations/constants';
import type { PlaceDescribeQuery, PlaceDescription } from '@nuanxin/shared/geo/places';
import { rowsOf, type Db } from '../db/client.js';
import { badRequest } from '../platform/app-error.js';
import { knnSearch } from '../stations/index.js';
import type { GeoContext } from './context.js';

// "Where is this?" answered from our own data — the street whose boundary covers the point, the
// community it is in or near, the nearest 驿站 — so people see 呼家楼街道 · 金台里小区 instead of
// 39.92190, 116.44360. Every lookup is one indexed statement: `@>` on the GiST of streets' and
// districts' boundaries, KNN (`<->`) on the GiST of communities' ll_to_earth(lat, lng) and on
// stations' pos (the stations job's own search).

/** A coordinate typed into a query string: a finite number in range, or a 400 naming it in Chinese. */
function coordinate(raw: string | undefined, field: 'lat' | 'lng'): number {
  const label = field === 'lat' ? '纬度' : '经度';
  const limit = field === 'lat' ? 90 : 180;
  const text = (raw ?? '').trim();
  if (!text) throw badRequest('VALIDATION_FAILED', `请提供${label}`, field);
  // Number('') is 0 and Number('0x10') is 16: only plain decimals are coordinates.
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw badRequest('VALIDATION_FAILED', `${label}应为数字`, field);
  const value = Number(text);
  if (!Number.isFinite(value) || value < -limit || value > limit)
    throw badRequest('COORDINATE_OUT_OF_RANGE', `${label}超出范围（-${limit}～${limit}）`, field);
  return value;
}

/** The position of a describe request, in GCJ-02 (a browser's WGS-84 fix is converted). */
export function placePosition(query: PlaceDescribeQuery): { lat: number; lng: number } {
  const lat = coordinate(query.lat, 'lat');
  const lng = coordinate(query.lng, 'lng');
  const coord = query.coord ?? 'gcj02';
  if (coord !== 'gcj02' && coord !== 'wgs84')
    throw badRequest('VALIDATION_FAILED', '坐标系只能是 gcj02 或 wgs84', 'coord');
  return coord === 'wgs84' ? wgs84ToGcj02({ lat, lng }) : { lat, lng };
}

/** 120 米, 1.2 公里: how far, as the label says it. */
export function spokenDistance(m: number): string {
  if (m < 1000) return `${Math.max(1, Math.round(m / 10) * 10)} 米`;
  return `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} 公里`;
}

interface AreaRow {
  district_id: string | null;
  district_name: string | null;
  street_id: string | null;
  street_name: string | null;
}

/** The active street covering the point (first by code where boundaries overlap) and its district; else the district alone. */
async function areaAt(db: Db, lat: number, lng: number): Promise<AreaRow> {
  const [street] = rowsOf<AreaRow>(
    await db.execute(sql`
      select d.id as district_id, d.name as district_name, s.id as street_id, s.name as street_name
        from streets s join districts d on d.id = s.district_id
       where s.active and s.boundary @> point(${lng}, ${lat})
       order by s.code limit 1`),
  );
  if (street) return street;
  const [district] = rowsOf<AreaRow>(
    await db.execute(sql`
      select d.id as district_id, d.name as district_name, null as street_id, null as street_name
        from districts d where d.boundary @> point(${lng}, ${lat})
       order by d.adcode limit 1`),
  );
  return district ?? { district_id: null, district_name: null, street_id: null, street_name: null };
}

interface CommunityRow {
  id: string;
  name: string;
  distance_m: number;
  inside: boolean;
}

/**
 * The active community whose outline holds the point, else the nearest within the radius: the few
 * nearest by KNN on communities_pos_gist (chord order = great-circle order), bounded by earth_box.
 */
async function communityAt(db: Db, lat: number, lng: number): Promise<CommunityRow | null> {
  const rows = rowsOf<CommunityRow>(
    await db.execute(sql`
      select c.id, c.name, great_circle_m(c.lat, c.lng, ${lat}, ${lng}) as distance_m,
             coalesce(c.outline @> point(${lng}, ${lat}), false) as inside
        from communities c
       where c.active
         and earth_box(ll_to_earth(${lat}, ${lng}), ${PLACE_COMMUNITY_RADIUS_M}) @> ll_to_earth(c.lat, c.lng)
       order by ll_to_earth(c.lat, c.lng) <-> ll_to_earth(${lat}, ${lng})
       limit 8`),
  );
  const within = rows
    .map((r) => ({ ...r, distance_m: Number(r.distance_m) }))
    .filter((r) => r.distance_m <= PLACE_COMMUNITY_RADIUS_M);
  return within.find((r) => r.inside) ?? within[0] ?? null;
}

/** A community this close to its point is named plainly; farther, as 附近. */
const NAMED_WITHIN_M = 250;

/** 呼家楼街道 · 金台里小区 · 距呼家楼全时驿站 120 米; outside: 不在已开通的区域内 · 距… 12 公里. */
export function placeLabel(p: Omit<PlaceDescription, 'label' | 'lat' | 'lng'>): string {
  const parts: string[] = [];
  if (p.street) parts.push(p.street.name);
  else if (p.district) parts.push(p.district.name);
  if (!p.inService) parts.push(OUTSIDE_SERVICE_LABEL);
  if (p.community)
    parts.push(
      p.community.inside || p.community.distanceM <= NAMED_WITHIN_M ? p.community.name : `${p.community.name}附近`,
    );
  if (p.landmark)
    parts.push(
      p.landmark.distanceM < 20
        ? `${p.landmark.name}旁`
        : `距${p.landmark.name} ${spokenDistance(p.landmark.distanceM)}`,
    );
  return parts.join(' · ');
}

/**
 * Describes a GCJ-02 (or WGS-84, converted) position as a place: district, covering street,
 * community, nearest station and a label to show. Public names only: no contact, no owner.
 */
export async function describePlace(ctx: GeoContext, query: PlaceDescribeQuery): Promise<PlaceDescription> {
  const { lat, lng } = placePosition(query);
  const area = await areaAt(ctx.db, lat, lng);
  const inService = area.district_id !== null;
  const community = inService ? await communityAt(ctx.db, lat, lng) : null;
  // Outside every district the nearest station is still named, from farther away.
  const [station] = await knnSearch(ctx.db, {
    lat,
    lng,
    radiusM: inService ? PLACE_LANDMARK_RADIUS_M : NEAREST_MAX_RADIUS_M,
    at: ctx.now(),
    limit: 1,
  });
  const described = {
    inService,
    district: area.district_id ? { id: area.district_id, name: area.district_name ?? '' } : null,
    street: area.street_id ? { id: area.street_id, name: area.street_name ?? '' } : null,
    community: community
      ? {
          id: community.id,
          name: community.name,
          distanceM: Math.round(community.distance_m),
          inside: Boolean(community.inside),
        }
      : null,
    landmark: station
      ? {
          kind: 'station' as const,
          id: station.id,
          name: station.name,
          distanceM: Math.round(Number(station.distance_m ?? 0)),
        }
      : null,
  };
  return { lat, lng, ...described, label: placeLabel(described) };
}
