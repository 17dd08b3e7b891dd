import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { streets } from '../db/schema/index.js';
import type { Principal } from '../auth/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';

// Where a new community or shop sits: which active street of the caller's district covers its
// point (GiST on streets.boundary answers `@>`, as report routing does), and the caller's right to it.

export interface PlacedStreet {
  id: string;
  districtId: string;
  code: string;
  name: string;
  active: boolean;
}

const streetColumns = {
  id: streets.id,
  districtId: streets.districtId,
  code: streets.code,
  name: streets.name,
  active: streets.active,
};

/** The active street of one of these districts whose boundary covers the GCJ-02 point, if any. */
export async function coveringStreet(db: Db, districtIds: string[], lat: number, lng: number) {
  if (districtIds.length === 0) return null;
  const [row] = await db
    .select(streetColumns)
    .from(streets)
    .where(
      and(
        eq(streets.active, true),
        inArray(streets.districtId, districtIds),
        sql`${streets.boundary} @> point(${lng}, ${lat})`,
      ),
    )
    .orderBy(asc(streets.code))
    .limit(1);
  return row ?? null;
}

/** The districts a district admin or street operator works in (an operator's: its streets'). */
export async function actorDistrictIds(db: Db, actor: Principal): Promise<string[]> {
  if (actor.role === 'district_admin') return actor.districtIds;
  if (actor.role === 'street_operator' && actor.streetIds.length > 0) {
    const rows = await db
      .selectDistinct({ districtId: streets.districtId })
      .from(streets)
      .where(inArray(streets.id, actor.streetIds));
    return rows.map((r) => r.districtId);
  }
  return [];
}

export function checkPosition(lat: number, lng: number): void {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90)
    throw badRequest('COORDINATE_OUT_OF_RANGE', '纬度超出范围（-90～90）', 'lat');
  if (!Number.isFinite(lng) || lng < -180 || lng > 180)
    throw badRequest('COORDINATE_OUT_OF_RANGE', '经度超出范围（-180～180）', 'lng');
}

/**
 * The street for a point: the covering active street of the caller's district(s). None: 400
 * NO_STREET_AT_POINT. A street operator may only place things in its own street (403 OUT_OF_SCOPE).
 */
export async function placeByBoundary(db: Db, actor: Principal, lat: number, lng: number): Promise<PlacedStreet> {
  checkPosition(lat, lng);
  const street = await coveringStreet(db, await actorDistrictIds(db, actor), lat, lng);
  if (!street) throw badRequest('NO_STREET_AT_POINT', undefined, 'lat');
  if (actor.role === 'street_operator' && !actor.streetIds.includes(street.id)) {
    throw forbidden('OUT_OF_SCOPE', `该位置属于${street.name}，只能在本街道内操作`);
  }
  return street;
}

/** A street chosen by id: it must exist, be active and be in the caller's scope. */
export async function chosenStreet(db: Db, actor: Principal, streetId: string): Promise<PlacedStreet> {
  const [street] = await db.select(streetColumns).from(streets).where(eq(streets.id, streetId));
  if (!street) throw badRequest('VALIDATION_FAILED', '所选街道不存在', 'streetId');
  const mine =
    actor.role === 'district_admin'
      ? actor.districtIds.includes(street.districtId)
      : actor.role === 'street_operator' && actor.streetIds.includes(street.id);
  if (!mine) throw forbidden('OUT_OF_SCOPE');
  if (!street.active) throw badRequest('STREET_INACTIVE', `${street.name}已停用，请选择其他街道`, 'streetId');
  return street;
}

/** A unique violation (PostgreSQL 23505), however the driver wrapped it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as never, i++) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** A required text field: trimmed, non-empty, at most `max` characters, with its Chinese name. */
export function requiredText(value: string | undefined, field: string, label: string, max: number): string {
  const v = (value ?? '').trim();
  if (!v) throw badRequest('VALIDATION_FAILED', `请填写${label}`, field);
  if ([...v].length > max) throw badRequest('VALIDATION_FAILED', `${label}最多 ${max} 个字`, field);
  return v;
}

export function optionalText(value: string | undefined, field: string, label: string, max: number): string {
  const v = (value ?? '').trim();
  if ([...v].length > max) throw badRequest('VALIDATION_FAILED', `${label}最多 ${max} 个字`, field);
  return v;
}

export const CODE_RE = /^[0-9A-Za-z][0-9A-Za-z-]{1,31}$/;
export function checkCode(code: string, field: string, label: string): string {
  const v = code.trim();
  if (!CODE_RE.test(v)) throw badRequest('VALIDATION_FAILED', `${label}只能用字母、数字和短横线（2～32 位）`, field);
  return v;
}
