import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client.js';
import { bedAllocations, housingApplications, housingApplicationSteps } from '../db/schema/index.js';

/** The rider's 暖新公寓 applications with their steps, for the data export (housing.json). */
export async function exportHousing(db: Db, userId: string) {
  const apps = rowsOf<{
    id: string;
    apartment: string;
    from_date: string;
    months: number;
    needs: string;
    gender: string;
    status: string;
    reason: string | null;
    created_at: string | Date;
  }>(
    await db.execute(sql`
      select h.id, a.name as apartment, h.from_date::text as from_date, h.months, h.needs, h.gender, h.status,
             h.reason, h.created_at
        from housing_applications h join apartments a on a.id = h.apartment_id
       where h.rider_id = ${userId}::uuid
       order by h.created_at`),
  );
  const ids = apps.map((a) => a.id);
  const steps =
    ids.length === 0
      ? []
      : await db.select().from(housingApplicationSteps).where(inArray(housingApplicationSteps.applicationId, ids));
  return apps.map((a) => ({
    apartment: a.apartment,
    fromDate: a.from_date,
    months: Number(a.months),
    needs: a.needs,
    gender: a.gender,
    status: a.status,
    reason: a.reason,
    appliedAt: new Date(a.created_at).toISOString(),
    steps: steps
      .filter((s) => s.applicationId === a.id)
      .sort((x, y) => x.at.getTime() - y.at.getTime())
      .map((s) => ({ step: s.step, note: s.note, at: s.at.toISOString() })),
  }));
}

/**
 * On account deletion (in the privacy job's transaction): open applications are withdrawn (an
 * offered bed freed), and what the rider wrote (needs) is erased. A stay already moved into is
 * kept for the operator to record the move-out; its applicant reads as the tombstone's name.
 */
export async function eraseHousing(tx: Db, userId: string, now: Date): Promise<void> {
  const open = await tx
    .select({ id: housingApplications.id })
    .from(housingApplications)
    .where(
      and(
        eq(housingApplications.riderId, userId),
        inArray(housingApplications.status, ['submitted', 'waitlisted', 'offered']),
      ),
    );
  const ids = open.map((o) => o.id);
  if (ids.length > 0) {
    await tx
      .update(bedAllocations)
      .set({ status: 'cancelled' })
      .where(and(inArray(bedAllocations.applicationId, ids), eq(bedAllocations.status, 'offered')));
    await tx
      .update(housingApplications)
      .set({ status: 'declined', reason: '骑手已注销账号', updatedAt: now })
      .where(inArray(housingApplications.id, ids));
    await tx
      .insert(housingApplicationSteps)
      .values(ids.map((applicationId) => ({ applicationId, step: 'declined', note: '骑手已注销账号', at: now })));
  }
  // What the rider wrote, and its consent to subscribe messages (no message to a deleted account).
  await tx
    .update(housingApplications)
    .set({ needs: '', subscriptions: [] })
    .where(eq(housingApplications.riderId, userId));
}
