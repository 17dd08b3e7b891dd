import path from 'node:path';
import { eq } from 'drizzle-orm';
import { LocalPhotoStorage, SignedPhotoUrls, type PhotoStorage } from '../media/index.js';
import type { Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { Db } from '../db/client.js';
import { apartments } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Principal } from '../auth/index.js';

/** What every housing use case receives; built once by the plugin (and by scripts, tests). */
export interface HousingContext extends ServiceContext {
  /** Apartment photos: their own folder and signing key (see server/src/media/README.md). */
  photos: { storage: PhotoStorage; signer: SignedPhotoUrls; maxBytes: number; maxPixels: number };
}

/** Apartment photos are public information: links last the hour plus this, so lists cache well. */
export const APARTMENT_PHOTO_URL_TTL_SECONDS = 3600;

export function createHousingContext(
  db: Db,
  config: Config,
  now: Clock = systemClock,
  storage?: PhotoStorage,
): HousingContext {
  // `<UPLOAD_DIR>-housing`, as legal's and the community's: never inside UPLOAD_DIR, whose crash
  // sweep deletes every file without a report_photos row.
  const dir = config.reports.uploadDir;
  return {
    db,
    now,
    photos: {
      storage: storage ?? new LocalPhotoStorage(path.join(path.dirname(dir), `${path.basename(dir)}-housing`)),
      signer: new SignedPhotoUrls(
        {
          secret: `housing-media:${config.jwtSecret}`,
          tag: 'housing',
          path: '/media/apartments',
          ttlSeconds: APARTMENT_PHOTO_URL_TTL_SECONDS,
          mode: 'hourly',
        },
        now,
      ),
      maxBytes: config.reports.photoMaxBytes,
      maxPixels: config.reports.photoMaxPixels,
    },
  };
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
