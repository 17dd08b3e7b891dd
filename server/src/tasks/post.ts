import { eq } from 'drizzle-orm';
import type { PostTaskBody, StaffTask } from '@nuanxin/shared/tasks/schemas';
import { TASK_MAX_POINTS } from '@nuanxin/shared/tasks/constants';
import type { Db } from '../db/client.js';
import { communities, streets, volunteerTasks } from '../db/schema/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { TasksContext } from './context.js';
import { staffTask } from './queries.js';

interface Place {
  communityId: string | null;
  streetId: string;
  districtId: string;
}

/** Where the task sits: the given community or street, else the poster's only one. */
async function placeOf(db: Db, actor: Principal, input: PostTaskBody): Promise<Place> {
  let communityId = input.communityId ?? null;
  let streetId = input.streetId ?? null;
  if (!communityId && !streetId) {
    if (actor.role === 'community_admin' && actor.communityIds.length === 1) communityId = actor.communityIds[0]!;
    else if (actor.role === 'street_operator' && actor.streetIds.length === 1) streetId = actor.streetIds[0]!;
    else throw badRequest('TASK_PLACE_REQUIRED', undefined, 'communityId');
  }
  let place: Place | undefined;
  if (communityId) {
    const [row] = await db
      .select({ communityId: communities.id, streetId: communities.streetId, districtId: streets.districtId })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(communities.id, communityId));
    if (row && (!streetId || row.streetId === streetId)) place = row;
  } else {
    const [row] = await db
      .select({ streetId: streets.id, districtId: streets.districtId })
      .from(streets)
      .where(eq(streets.id, streetId!));
    if (row) place = { communityId: null, ...row };
  }
  if (!place) throw badRequest('TASK_PLACE_REQUIRED', '找不到该社区或街道', communityId ? 'communityId' : 'streetId');
  if (!inScope(actor, place)) throw forbidden('OUT_OF_SCOPE');
  return place;
}

/** 发布随手帮任务: a community admin for its community, a street operator for its street. */
export async function postTask(ctx: Acting<TasksContext>, input: PostTaskBody): Promise<StaffTask> {
  const now = ctx.now();
  if (input.points > TASK_MAX_POINTS) throw badRequest('TASK_POINTS_TOO_MANY', undefined, 'points');
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt) || endsAt <= now) throw badRequest('TASK_WINDOW_INVALID', undefined, 'endsAt');
  const title = input.title.trim();
  const area = input.area.trim();
  const privateAddress = input.privateAddress.trim();
  if (!title) throw badRequest('VALIDATION_FAILED', '请填写任务内容', 'title');
  if (!area) throw badRequest('VALIDATION_FAILED', '请填写公开地点', 'area');
  if (!privateAddress) throw badRequest('VALIDATION_FAILED', '请填写详细地址', 'privateAddress');
  const place = await placeOf(ctx.db, ctx.actor, input);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(volunteerTasks)
      .values({
        kind: input.kind,
        title,
        description: input.description?.trim() ?? '',
        area,
        privateAddress,
        ...place,
        startsAt,
        endsAt,
        slots: input.slots,
        points: input.points,
        postedBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    // The exact address stays out of the audit row: it is an elderly resident's home.
    await recordAudit(tx as unknown as Db, {
      actor: ctx.actor,
      at: now,
      action: 'task.post',
      target: { kind: 'volunteer_task', id: row!.id },
      place,
      after: { kind: row!.kind, title, area, slots: row!.slots, points: row!.points, startsAt, endsAt },
    });
    return row!.id;
  });
  return staffTask(ctx, { id });
}
