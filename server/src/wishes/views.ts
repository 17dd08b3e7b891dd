import { asc, inArray } from 'drizzle-orm';
import type { MyWish, StaffWish, WallWish, WishStep } from '@nuanxin/shared/wishes/schemas';
import { WISH_STATUSES, type WishStatus, type WishTarget } from '@nuanxin/shared/wishes/constants';
import type { Db } from '../db/client.js';
import { photoLinks, type CommunityPhotos } from '../media/index.js';
import { wishSteps, type wishes } from '../db/schema/index.js';

export type WishRow = typeof wishes.$inferSelect;

/**
 * The fields the public wall may show: no rider, no name, no phone, never the rider's own photo
 * (it may show the rider, a home or a plate); the fulfilment photo only when the staff member who
 * fulfilled the wish ticked that it shows no face, name, door number or plate.
 */
export const toWall = (r: WishRow, photos: CommunityPhotos): WallWish => ({
  id: r.id,
  targetKind: r.targetKind as WishTarget,
  targetName: r.targetName,
  category: r.category,
  body: r.body,
  status: r.status as WishStatus,
  adopterName: r.adopterName,
  createdAt: r.createdAt.toISOString(),
  fulfilPhoto: r.fulfilPhotoPublic ? photoLinks(photos, r.fulfilPhotoId) : null,
});

/** The rider's own wish (or staff's view): both photos, whatever the wall may show. */
export const toMine = (r: WishRow, steps: WishStep[], photos: CommunityPhotos): MyWish => ({
  ...toWall(r, photos),
  fulfilPhoto: photoLinks(photos, r.fulfilPhotoId),
  photo: photoLinks(photos, r.photoId),
  fulfilPhotoPublic: r.fulfilPhotoPublic,
  rejectReason: r.rejectReason,
  fulfilNote: r.fulfilNote,
  steps,
});

/** 王小明 → 王*明, 王明 → 王*. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '');

export const toStaff = (
  r: WishRow,
  steps: WishStep[],
  rider: { realName: string | null; displayName: string; phone: string | null },
  photos: CommunityPhotos,
): StaffWish => ({
  ...toMine(r, steps, photos),
  riderNameMasked: maskName(rider.realName ?? rider.displayName),
  phoneMasked: rider.phone ? maskPhone(rider.phone) : '',
});

/** The steps of some wishes, oldest first, by wish id. */
export async function stepsOf(db: Db, ids: string[]): Promise<Map<string, WishStep[]>> {
  const out = new Map<string, WishStep[]>();
  if (ids.length === 0) return out;
  const rows = await db.select().from(wishSteps).where(inArray(wishSteps.wishId, ids)).orderBy(asc(wishSteps.at));
  // Steps at the same instant follow the lifecycle order (the states only move forward).
  const rank = (step: string) => WISH_STATUSES.indexOf(step as WishStatus);
  rows.sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a.step) - rank(b.step));
  for (const s of rows) {
    const list = out.get(s.wishId) ?? [];
    list.push({ step: s.step as WishStatus, note: s.note, at: s.at.toISOString() });
    out.set(s.wishId, list);
  }
  return out;
}
