import { asc, eq, inArray } from 'drizzle-orm';
import { WISH_STATUSES, type WishStatus } from '@nuanxin/shared/wishes/constants';
import type { Db } from '../db/client.js';
import { wishes, wishSteps } from '../db/schema/index.js';

const rank = (step: string) => WISH_STATUSES.indexOf(step as WishStatus);

/** The rider's wishes with every step (the adopter's name is what the wall shows too). */
export async function exportRiderWishes(db: Db, riderId: string) {
  const own = await db.select().from(wishes).where(eq(wishes.riderId, riderId)).orderBy(asc(wishes.createdAt));
  const steps =
    own.length === 0
      ? []
      : await db
          .select()
          .from(wishSteps)
          .where(
            inArray(
              wishSteps.wishId,
              own.map((w) => w.id),
            ),
          )
          .orderBy(asc(wishSteps.at));
  return own.map((w) => ({
    to: w.targetName,
    category: w.category,
    body: w.body,
    status: w.status,
    rejectReason: w.rejectReason,
    adopterName: w.adopterName,
    fulfilNote: w.fulfilNote,
    photoId: w.photoId,
    fulfilPhotoId: w.fulfilPhotoId,
    createdAt: w.createdAt.toISOString(),
    steps: steps
      .filter((s) => s.wishId === w.id)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || rank(a.step) - rank(b.step))
      .map((s) => ({ step: s.step, note: s.note, at: s.at.toISOString() })),
  }));
}

/**
 * Account deletion (inside the privacy job's transaction): every wish of the rider is deleted,
 * fulfilled ones included (the text is the rider's own words about their life), steps with them.
 */
export async function eraseRiderWishes(tx: Db, riderId: string): Promise<{ wishesDeleted: number }> {
  const deleted = await tx.delete(wishes).where(eq(wishes.riderId, riderId)).returning({ id: wishes.id });
  return { wishesDeleted: deleted.length };
}
