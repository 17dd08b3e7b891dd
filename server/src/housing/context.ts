import { eq } from 'drizzle-orm';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { Db } from '../db/client.js';
import { apartments } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Principal } from '../auth/index.js';

/** What every housing use case receives; built once by the plugin (and by scripts, tests). */
export type HousingContext = ServiceContext;

export function createHousingContext(db: Db, _config: Config, now: Clock = systemClock): HousingContext {
  return { db, now };
}

export type ApartmentRow = typeof apartments.$inferSelect;

/** The scope rule's view of an apartment: its district, its street and itself. */
export const apartmentTarget = (a: Pick<ApartmentRow, 'id' | 'districtId' | 'streetId'>) => ({
  apartmentId: a.id,
  districtId: a.districtId,
  streetId: a.streetId,
});

/** Loads an apartment the caller manages (its operator, its district's admin); 404 / 403 otherwise. */
export async function managedApartment(db: Db, actor: Principal, id: string): Promise<ApartmentRow> {
  const [row] = await db.select().from(apartments).where(eq(apartments.id, id));
  if (!row) throw notFound();
  if (!inScope(actor, apartmentTarget(row))) throw forbidden('OUT_OF_SCOPE');
  return row;
}

/** Apartment ids a staff principal manages, as a SQL-ready list; null = by district (see `managedWhere`). */
export function managedFilter(actor: Principal): { apartmentIds: string[] } | { districtIds: string[] } {
  if (actor.role === 'apartment_operator') return { apartmentIds: actor.apartmentIds };
  if (actor.role === 'district_admin') return { districtIds: actor.districtIds };
  return { apartmentIds: [] };
}
