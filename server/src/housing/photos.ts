import { and, asc, eq, sql } from 'drizzle-orm';
import { MAX_APARTMENT_PHOTOS } from '@nuanxin/shared/housing/constants';
import type { ApartmentPhoto } from '@nuanxin/shared/housing/schemas';
import { recordAudit } from '../audit/index.js';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { apartmentPhotos, apartments } from '../db/schema/index.js';
import { removePhotoFiles, stagePhoto, withStagedPhoto } from '../media/index.js';
import { badRequest, conflict, notFound } from '../platform/app-error.js';
import { managedApartment, type HousingContext } from './context.js';

/** The photos of an apartment in their order, as signed links. */
export async function apartmentPhotoLinks(ctx: HousingContext, apartmentId: string): Promise<ApartmentPhoto[]> {
  const rows = await ctx.db
    .select({ id: apartmentPhotos.id })
    .from(apartmentPhotos)
    .where(eq(apartmentPhotos.apartmentId, apartmentId))
    .orderBy(asc(apartmentPhotos.sortOrder), asc(apartmentPhotos.createdAt));
  return rows.map((r) => ({
    id: r.id,
    url: ctx.photos.signer.url(r.id, 'display'),
    thumbUrl: ctx.photos.signer.url(r.id, 'thumb'),
  }));
}

/** Locks the apartment row: photo changes of one apartment take turns (the count and order hold). */
async function lockApartment(tx: Db, id: string) {
  const [row] = await tx.select({ id: apartments.id }).from(apartments).where(eq(apartments.id, id)).for('update');
  if (!row) throw notFound();
}

/**
 * Adds a photo at the end (operator or district admin in scope). Checked and stripped of its
 * metadata, staged before the transaction and committed after it (`stagePhoto`, `withStagedPhoto`):
 * no row without its file, no file without its row.
 */
export async function addApartmentPhoto(
  ctx: Acting<HousingContext>,
  input: { id: string; photo: Buffer },
): Promise<ApartmentPhoto[]> {
  const apartment = await managedApartment(ctx.db, ctx.actor, input.id);
  const now = ctx.now();
  const photo = await stagePhoto(ctx.photos.storage, input.photo, {
    prefix: 'apartments',
    maxPixels: ctx.photos.maxPixels,
    now,
    field: 'photo',
  });
  await withStagedPhoto(photo, () =>
    ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await lockApartment(tx, apartment.id);
      const [have] = await tx
        .select({ n: sql<number>`count(*)::int`, last: sql<number | null>`max(${apartmentPhotos.sortOrder})` })
        .from(apartmentPhotos)
        .where(eq(apartmentPhotos.apartmentId, apartment.id));
      if ((have?.n ?? 0) >= MAX_APARTMENT_PHOTOS) throw conflict('APARTMENT_PHOTOS_FULL');
      await tx.insert(apartmentPhotos).values({
        id: photo.id,
        apartmentId: apartment.id,
        sortOrder: (have?.last ?? -1) + 1,
        storageKey: photo.storageKey,
        width: photo.width,
        height: photo.height,
        bytes: photo.bytes,
        uploadedBy: ctx.actor.userId,
        createdAt: now,
      });
      await recordAudit(tx, {
        actor: ctx.actor,
        at: now,
        action: 'apartment.photo_add',
        target: { kind: 'apartment', id: apartment.id },
        place: { districtId: apartment.districtId, streetId: apartment.streetId },
        after: { photoId: photo.id, width: photo.width, height: photo.height },
      });
    }),
  );
  return apartmentPhotoLinks(ctx, apartment.id);
}

/** Deletes one photo of an apartment (its files after the row's transaction). */
export async function removeApartmentPhoto(
  ctx: Acting<HousingContext>,
  input: { id: string; photoId: string },
): Promise<ApartmentPhoto[]> {
  const apartment = await managedApartment(ctx.db, ctx.actor, input.id);
  const now = ctx.now();
  const key = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await lockApartment(tx, apartment.id);
    const [row] = await tx
      .delete(apartmentPhotos)
      .where(and(eq(apartmentPhotos.id, input.photoId), eq(apartmentPhotos.apartmentId, apartment.id)))
      .returning({ key: apartmentPhotos.storageKey });
    if (!row) throw notFound('APARTMENT_PHOTO_NOT_FOUND');
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'apartment.photo_remove',
      target: { kind: 'apartment', id: apartment.id },
      place: { districtId: apartment.districtId, streetId: apartment.streetId },
      before: { photoId: input.photoId },
    });
    return row.key;
  });
  await removePhotoFiles(ctx.photos.storage, [key]);
  return apartmentPhotoLinks(ctx, apartment.id);
}

/** Puts the photos in the given order: every photo of the apartment, each once. */
export async function orderApartmentPhotos(
  ctx: Acting<HousingContext>,
  input: { id: string; ids: string[] },
): Promise<ApartmentPhoto[]> {
  const apartment = await managedApartment(ctx.db, ctx.actor, input.id);
  const now = ctx.now();
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await lockApartment(tx, apartment.id);
    const have = await tx
      .select({ id: apartmentPhotos.id })
      .from(apartmentPhotos)
      .where(eq(apartmentPhotos.apartmentId, apartment.id));
    const known = new Set(have.map((r) => r.id));
    if (input.ids.length !== known.size || !input.ids.every((id) => known.has(id))) {
      throw badRequest('APARTMENT_PHOTO_ORDER_MISMATCH', undefined, 'ids');
    }
    for (const [i, id] of input.ids.entries()) {
      await tx.update(apartmentPhotos).set({ sortOrder: i }).where(eq(apartmentPhotos.id, id));
    }
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'apartment.photo_order',
      target: { kind: 'apartment', id: apartment.id },
      place: { districtId: apartment.districtId, streetId: apartment.streetId },
      after: { ids: input.ids },
    });
  });
  return apartmentPhotoLinks(ctx, apartment.id);
}

/** The storage key of a photo by id, for the signed photo route; null when it is gone. */
export async function apartmentPhotoKey(db: Db, id: string): Promise<string | null> {
  const [row] = await db
    .select({ key: apartmentPhotos.storageKey })
    .from(apartmentPhotos)
    .where(eq(apartmentPhotos.id, id));
  return row?.key ?? null;
}
