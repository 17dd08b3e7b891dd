import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { EARTHDISTANCE_RADIUS_M, greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { OPEN_REPORT_STATES, REPORT_MAP_LIMITS, type ReportState } from '@nuanxin/shared/reports/constants';
import type { NearestReportsQuery, ReportMapQuery, ReportPin, ReportPins } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { reportCategories, reports, streets } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { dueAt, metresFrom, scopeCondition } from './queries.js';
import { isOverdue } from './views.js';

// The staff map of open reports: weapp draws the pins of the viewport, H5 draws the nearest ones
// on a map of our own data (GeoMap) and lists them. Both are limited to the caller's street or district.

const toGcj = (lat: number, lng: number, system: 'gcj02' | 'wgs84' | undefined) =>
  system === 'wgs84' ? wgs84ToGcj02({ lng, lat }) : { lng, lat };

const pinColumns = {
  id: reports.id,
  code: reportCategories.code,
  name: reportCategories.name,
  icon: reportCategories.icon,
  state: reports.state,
  lat: reports.lat,
  lng: reports.lng,
  confirmations: reports.confirmations,
  streetName: streets.name,
  createdAt: reports.createdAt,
  acceptDueAt: reports.acceptDueAt,
  fixDueAt: reports.fixDueAt,
  onSiteDueAt: reports.onSiteDueAt,
};

type PinRow = { [K in keyof typeof pinColumns]: (typeof pinColumns)[K]['_']['data'] } & { distanceM?: number };

function toPin(r: PinRow, now: Date): ReportPin {
  return {
    id: r.id,
    category: { code: r.code, name: r.name, icon: r.icon },
    state: r.state as ReportState,
    lat: r.lat,
    lng: r.lng,
    overdue: isOverdue(r, now),
    confirmations: r.confirmations,
    streetName: r.streetName ?? null,
    createdAt: r.createdAt.toISOString(),
    ...(r.distanceM !== undefined ? { distanceM: Math.round(Number(r.distanceM)) } : {}),
  };
}

function pinQuery(ctx: ReportsContext, extra: Record<string, unknown> = {}) {
  return ctx.db
    .select({ ...pinColumns, ...extra })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(streets, eq(streets.id, reports.streetId));
}

/** Open reports of the caller's scope inside a map viewport, most urgent first. */
export async function reportsInBox(ctx: Acting<ReportsContext>, q: ReportMapQuery): Promise<ReportPins> {
  const sw = toGcj(q.south, q.west, q.coordSystem);
  const ne = toGcj(q.north, q.east, q.coordSystem);
  if (sw.lat > ne.lat) throw badRequest('VALIDATION_FAILED', '南边界不能在北边界以北', 'south');
  if (sw.lng > ne.lng) throw badRequest('VALIDATION_FAILED', '西边界不能在东边界以东', 'west');
  if (greatCircleMetres(sw, ne, EARTHDISTANCE_RADIUS_M) > REPORT_MAP_LIMITS.maxBoxDiagonalM)
    throw badRequest('BOX_TOO_LARGE');
  const scope = scopeCondition(ctx.actor);
  if (!scope) return { items: [], truncated: false };
  const limit = q.limit ?? REPORT_MAP_LIMITS.defaultItems;
  const rows = await pinQuery(ctx)
    .where(
      and(
        scope,
        inArray(reports.state, [...OPEN_REPORT_STATES]),
        sql`${reports.lat} between ${sw.lat} and ${ne.lat}`,
        sql`${reports.lng} between ${sw.lng} and ${ne.lng}`,
      ),
    )
    .orderBy(asc(dueAt), asc(reports.id))
    .limit(limit + 1);
  const now = ctx.now();
  return { items: rows.slice(0, limit).map((r) => toPin(r as PinRow, now)), truncated: rows.length > limit };
}

/** Open reports of the caller's scope, nearest to where the operator stands first (the H5 list). */
export async function nearestOpenReportsForStaff(
  ctx: Acting<ReportsContext>,
  q: NearestReportsQuery,
): Promise<ReportPins> {
  const p = toGcj(q.lat, q.lng, q.coordSystem);
  const scope = scopeCondition(ctx.actor);
  if (!scope) return { items: [], truncated: false };
  const limit = q.limit ?? REPORT_MAP_LIMITS.nearestItems;
  const distance = metresFrom(p);
  const rows = await pinQuery(ctx, { distanceM: distance })
    .where(and(scope, inArray(reports.state, [...OPEN_REPORT_STATES])))
    .orderBy(distance, asc(reports.id))
    .limit(limit + 1);
  const now = ctx.now();
  return { items: rows.slice(0, limit).map((r) => toPin(r as PinRow, now)), truncated: rows.length > limit };
}
