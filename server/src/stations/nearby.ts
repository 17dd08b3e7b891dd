import { createHash } from 'node:crypto';
import { NEARBY_LIMITS } from '@nuanxin/shared/stations/constants';
import type { NearbyQuery, StationPage } from '@nuanxin/shared/stations/schemas';
import type { StationsContext } from './context.js';
import { badRequest } from '../platform/app-error.js';
import { toStation } from './queries.js';
import { isCursorTime, isUuid } from '../platform/cursor.js';
import { checkFilters, instantOf, knnSearch, originOf } from './search.js';

interface Cursor {
  /** KNN key and id of the last row of the previous page. */
  k: number;
  id: string;
  /** The instant "open" was evaluated at on the first page, so pages agree with each other. */
  t: number;
  /** Fingerprint of the search, so a cursor is never replayed against another one. */
  q: string;
}

const fingerprint = (parts: unknown[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 12);

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof c.k === 'number' &&
      Number.isFinite(c.k) &&
      isUuid(c.id) &&
      isCursorTime(c.t) &&
      typeof c.q === 'string'
    ) {
      return c;
    }
  } catch {
    /* falls through */
  }
  throw badRequest('CURSOR_INVALID', undefined, 'cursor');
}

/** Nearest stations from a position, nearest first, one page at a time (keyset cursor). */
export async function nearbyStations(ctx: StationsContext, query: NearbyQuery): Promise<StationPage> {
  const origin = originOf(query.lat, query.lng, query.coord);
  const radiusM = query.radius ?? NEARBY_LIMITS.defaultRadiusM;
  if (radiusM > NEARBY_LIMITS.maxRadiusM) throw badRequest('RADIUS_TOO_LARGE', undefined, 'radius');
  if (radiusM < 1) throw badRequest('VALIDATION_FAILED', '搜索半径至少 1 米', 'radius');
  const limit = query.limit ?? NEARBY_LIMITS.defaultPageSize;
  if (limit > NEARBY_LIMITS.maxPageSize)
    throw badRequest('PAGE_SIZE_TOO_LARGE', `每页最多 ${NEARBY_LIMITS.maxPageSize} 条`, 'limit');
  if (limit < 1) throw badRequest('VALIDATION_FAILED', '每页至少 1 条', 'limit');
  const { types, amenities } = checkFilters(query);
  const openNow = query.openNow ?? false;
  const only24h = query.is24h ?? false;

  const q = fingerprint([origin.lat, origin.lng, radiusM, [...types].sort(), [...amenities].sort(), openNow, only24h]);
  const cursor = query.cursor !== undefined ? decodeCursor(query.cursor) : undefined;
  if (cursor && cursor.q !== q) throw badRequest('CURSOR_INVALID', '翻页参数与搜索条件不一致，请重新搜索', 'cursor');
  const at = cursor ? new Date(cursor.t) : instantOf(query.at, ctx.now);

  const rows = await knnSearch(ctx.db, {
    ...origin,
    radiusM,
    types,
    amenities,
    openNow,
    only24h,
    at,
    after: cursor ? { knn: cursor.k, id: cursor.id } : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify({ k: last.knn ?? 0, id: last.id, t: at.getTime(), q } satisfies Cursor)).toString(
          'base64url',
        )
      : null;
  return { items: page.map(toStation), nextCursor, origin };
}
