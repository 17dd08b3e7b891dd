import { and, eq, inArray, sql } from 'drizzle-orm';
import type { MyClaim, StaffClaim, TaskSummary } from '@nuanxin/shared/tasks/schemas';
import type { ClaimStatus, TaskKind, TaskStatus } from '@nuanxin/shared/tasks/constants';
import type { Db } from '../db/client.js';
import { photoLinks, type CommunityPhotos } from '../media/index.js';
import { communities, riderProfiles, streets, taskClaims, users, volunteerTasks } from '../db/schema/index.js';

export type TaskRow = typeof volunteerTasks.$inferSelect;
export type ClaimRow = typeof taskClaims.$inferSelect;

/** Slot-holding claims of a task (active, done, confirmed). */
export const slotsTakenSql = sql<number>`(select count(*)::int from task_claims c
  where c.task_id = ${volunteerTasks.id} and c.status in ('active','done','confirmed'))`;

/** The place a rider reads: the community's name, else the street's. */
export const placeNameSql = sql<string>`coalesce(${communities.name}, ${streets.name})`;

export const summaryColumns = {
  task: volunteerTasks,
  slotsTaken: slotsTakenSql,
  placeName: placeNameSql,
};

/** Selects tasks with their slot count and place name. */
export function selectTasks(db: Db) {
  return db
    .select(summaryColumns)
    .from(volunteerTasks)
    .innerJoin(streets, eq(streets.id, volunteerTasks.streetId))
    .leftJoin(communities, eq(communities.id, volunteerTasks.communityId));
}

export function toSummary(row: { task: TaskRow; slotsTaken: number; placeName: string }): TaskSummary {
  const t = row.task;
  return {
    id: t.id,
    kind: t.kind as TaskKind,
    title: t.title,
    description: t.description,
    area: t.area,
    placeName: row.placeName,
    startsAt: t.startsAt.toISOString(),
    endsAt: t.endsAt.toISOString(),
    slots: t.slots,
    slotsTaken: Number(row.slotsTaken),
    points: t.points,
    status: t.status as TaskStatus,
    cancelReason: t.cancelReason,
  };
}

/** A claim with a signed link to its 完成 photo (callers show it only to the rider or the scope's staff). */
export function toMyClaim(c: ClaimRow, photos: CommunityPhotos): MyClaim {
  return {
    id: c.id,
    status: c.status as ClaimStatus,
    note: c.note,
    photo: photoLinks(photos, c.photoId),
    claimedAt: c.claimedAt.toISOString(),
    doneAt: c.doneAt?.toISOString() ?? null,
    confirmedAt: c.confirmedAt?.toISOString() ?? null,
    points: c.points,
  };
}

const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** A task's claims as its poster sees them: the rider's registered name and a masked phone. */
export async function staffClaims(
  db: Db,
  taskIds: string[],
  photos: CommunityPhotos,
): Promise<Map<string, StaffClaim[]>> {
  const out = new Map<string, StaffClaim[]>();
  if (taskIds.length === 0) return out;
  const rows = await db
    .select({
      claim: taskClaims,
      realName: riderProfiles.realName,
      phone: riderProfiles.phone,
      name: users.displayName,
    })
    .from(taskClaims)
    .innerJoin(users, eq(users.id, taskClaims.riderId))
    .leftJoin(riderProfiles, eq(riderProfiles.userId, taskClaims.riderId))
    .where(and(inArray(taskClaims.taskId, taskIds)))
    .orderBy(taskClaims.claimedAt);
  for (const r of rows) {
    const list = out.get(r.claim.taskId) ?? [];
    list.push({
      ...toStaffClaim(r.claim, photos),
      riderName: r.realName ?? r.name,
      phoneMasked: r.phone ? maskPhone(r.phone) : '',
    });
    out.set(r.claim.taskId, list);
  }
  return out;
}

export function toStaffClaim(c: ClaimRow, photos: CommunityPhotos): Omit<StaffClaim, 'riderName' | 'phoneMasked'> {
  return toMyClaim(c, photos);
}
