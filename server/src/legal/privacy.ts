import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { districts, legalCaseAttachments, legalCases, legalCaseUpdates } from '../db/schema/index.js';
import { maskPii } from '../platform/logging.js';
import { photoKey, type PhotoStorage } from '../media/index.js';

/** The rider's cases for 导出我的数据: everything written by or about the rider, phone masked. */
export async function exportRiderCases(db: Db, userId: string) {
  const cases = await db
    .select({ c: legalCases, district: districts.name })
    .from(legalCases)
    .innerJoin(districts, eq(districts.id, legalCases.districtId))
    .where(eq(legalCases.riderId, userId))
    .orderBy(asc(legalCases.createdAt));
  const ids = cases.map((r) => r.c.id);
  const updates = ids.length
    ? await db
        .select()
        .from(legalCaseUpdates)
        .where(inArray(legalCaseUpdates.caseId, ids))
        .orderBy(asc(legalCaseUpdates.seq))
    : [];
  const attachments = ids.length
    ? await db.select().from(legalCaseAttachments).where(inArray(legalCaseAttachments.caseId, ids))
    : [];
  return cases.map(({ c, district }) => ({
    id: c.id,
    district,
    kind: c.kind,
    state: c.state,
    description: c.description,
    otherParty: c.otherParty,
    request: c.request,
    contactPreference: c.contactPreference,
    contactPhone: c.contactPhone ? maskPii(c.contactPhone) : null,
    referredTo: c.referredTo,
    outcome: c.outcome,
    rating: c.rating,
    ratingComment: c.ratingComment,
    createdAt: c.createdAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    timeline: updates
      .filter((u) => u.caseId === c.id)
      .map((u) => ({
        action: u.action,
        toState: u.toState,
        note: u.note,
        appointmentAt: u.appointmentAt?.toISOString() ?? null,
        appointmentPlace: u.appointmentPlace,
        outcome: u.outcome,
        rating: u.rating,
        at: u.createdAt.toISOString(),
      })),
    attachments: attachments
      .filter((a) => a.caseId === c.id)
      .map((a) => ({ id: a.id, kind: a.kind, width: a.width, height: a.height, at: a.createdAt.toISOString() })),
  }));
}

/**
 * 注销账号: the rider's cases go entirely (timeline, attachments and alerts cascade) inside the
 * caller's transaction; returns the storage keys whose files to remove after it commits.
 */
export async function eraseRiderCases(tx: Db, userId: string): Promise<{ cases: number; files: string[] }> {
  const ids = (await tx.select({ id: legalCases.id }).from(legalCases).where(eq(legalCases.riderId, userId))).map(
    (r) => r.id,
  );
  if (ids.length === 0) return { cases: 0, files: [] };
  const files = (
    await tx
      .select({ key: legalCaseAttachments.storageKey })
      .from(legalCaseAttachments)
      .where(inArray(legalCaseAttachments.caseId, ids))
  ).flatMap((a) => [photoKey(a.key, 'display'), photoKey(a.key, 'thumb')]);
  await tx.delete(legalCases).where(inArray(legalCases.id, ids));
  return { cases: ids.length, files };
}

/** After the erasing transaction committed: the files go too (a file already gone is fine). */
export async function removeCaseFiles(storage: PhotoStorage, files: string[]): Promise<void> {
  for (const key of files) await storage.remove(key);
}
