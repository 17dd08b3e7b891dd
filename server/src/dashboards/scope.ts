import { eq, sql, type SQL } from 'drizzle-orm';
import type { Acting } from '../auth/index.js';
import { inScope } from '../auth/index.js';
import { districts, streets } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import type { DashboardsContext } from './context.js';

export interface DashboardScope {
  kind: 'street' | 'district';
  id: string;
  name: string;
  districtId: string;
}

/**
 * Whose figures: a street operator's own street (or one of its streets by `streetId`); a district
 * admin's district, or one street of it by `streetId`. Anything else is 403 OUT_OF_SCOPE.
 */
export async function resolveScope(ctx: Acting<DashboardsContext>, streetId?: string): Promise<DashboardScope> {
  const principal = ctx.actor;
  if (streetId || principal.role === 'street_operator') {
    const id = streetId ?? principal.streetIds[0];
    if (!id) throw forbidden('OUT_OF_SCOPE');
    const [street] = await ctx.db.select().from(streets).where(eq(streets.id, id));
    if (!street) throw notFound();
    if (!inScope(principal, { streetId: street.id, districtId: street.districtId })) throw forbidden('OUT_OF_SCOPE');
    return { kind: 'street', id: street.id, name: street.name, districtId: street.districtId };
  }
  const id = principal.districtIds[0];
  if (!id || principal.role !== 'district_admin') throw forbidden('OUT_OF_SCOPE');
  const [district] = await ctx.db.select().from(districts).where(eq(districts.id, id));
  if (!district) throw notFound();
  return { kind: 'district', id: district.id, name: district.name, districtId: district.id };
}

/** The scope as a condition on a table with street_id / district_id columns (alias given). */
export function scopeWhere(scope: DashboardScope, alias: string): SQL {
  const col = sql.raw(`${alias}.${scope.kind === 'street' ? 'street_id' : 'district_id'}`);
  return sql`${col} = ${scope.id}`;
}

/** The ids of the scope's communities, as a subquery (for access_events and passes). */
export function scopeCommunities(scope: DashboardScope): SQL {
  return scope.kind === 'street'
    ? sql`(select c.id from communities c where c.street_id = ${scope.id})`
    : sql`(select c.id from communities c join streets s on s.id = c.street_id where s.district_id = ${scope.id})`;
}

/** An instant's Shanghai day / hour in SQL (fixed +8 h: no time-zone data needed, same on both engines). */
export const shDay = (col: string) =>
  sql.raw(`to_char((${col} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`);
export const shMonth = (col: string) => sql.raw(`to_char((${col} at time zone 'UTC') + interval '8 hours', 'YYYY-MM')`);
export const shHour = (col: string) =>
  sql.raw(`extract(hour from (${col} at time zone 'UTC') + interval '8 hours')::int`);

/** percentile_cont of minutes between two columns, rounded to 0.1 min. */
export const pct = (p: number, from: string, to: string, filter?: string) =>
  sql.raw(
    `round((percentile_cont(${p}) within group (order by extract(epoch from ${to} - ${from}) / 60.0)${
      filter ? ` filter (where ${filter})` : ''
    })::numeric, 1)::float8`,
  );

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
