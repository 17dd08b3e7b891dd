import { desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { StaffWish, WishReviewBody } from '@nuanxin/shared/wishes/schemas';
import type { WishStatus } from '@nuanxin/shared/wishes/constants';
import type { Db } from '../db/client.js';
import { communityPhotos, riderProfiles, users, wishes, wishSteps } from '../db/schema/index.js';
import type { ErrorCode } from '@nuanxin/shared/common/errors';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { WishesContext } from './context.js';
import { preparePhoto, withStagedPhoto, type CommunityPhotos, type PreparedPhoto } from '../media/index.js';
import { stepsOf, toStaff, type WishRow } from './views.js';

const place = (w: WishRow) => ({ communityId: w.communityId, streetId: w.streetId, districtId: w.districtId });
const short = (w: WishRow) => (w.body.length > 30 ? `${w.body.slice(0, 30)}…` : w.body);

/** Locks a wish the staff member's scope reviews (a community's: its admin and street; a street's: the street). */
async function lockInScope(ctx: Acting<WishesContext>, db: Db, id: string): Promise<WishRow> {
  const [w] = await db.select().from(wishes).where(eq(wishes.id, id)).for('update');
  if (!w) throw notFound();
  if (!inScope(ctx.actor, place(w))) throw forbidden('OUT_OF_SCOPE');
  return w;
}

async function staffRows(db: Db, where: SQL, photos: CommunityPhotos): Promise<StaffWish[]> {
  const rows = await db
    .select({ w: wishes, realName: riderProfiles.realName, phone: riderProfiles.phone, name: users.displayName })
    .from(wishes)
    .innerJoin(users, eq(users.id, wishes.riderId))
    .leftJoin(riderProfiles, eq(riderProfiles.userId, wishes.riderId))
    .where(where)
    .orderBy(desc(wishes.createdAt))
    .limit(200);
  const steps = await stepsOf(
    db,
    rows.map((r) => r.w.id),
  );
  return rows.map((r) =>
    toStaff(r.w, steps.get(r.w.id) ?? [], { realName: r.realName, displayName: r.name, phone: r.phone }, photos),
  );
}

/** 心愿审核与认领: the wishes of the staff member's scope, newest first. */
export async function staffWishes(ctx: Acting<WishesContext>): Promise<StaffWish[]> {
  const { actor } = ctx;
  let where: SQL | undefined;
  if (actor.role === 'community_admin' && actor.communityIds.length > 0)
    where = inArray(wishes.communityId, actor.communityIds);
  else if (actor.role === 'street_operator' && actor.streetIds.length > 0)
    where = inArray(wishes.streetId, actor.streetIds);
  if (!where) return [];
  return staffRows(ctx.db, where, ctx.photos);
}

interface Step {
  /** The states the wish may be in for this step. */
  from: readonly WishStatus[];
  to: WishStatus;
  /** The code when the wish is elsewhere (default WISH_STATE). */
  conflictCode?: (current: WishStatus) => ErrorCode;
  set: Partial<WishRow>;
  note: string | null;
  action: string;
  notice: { title: string; body: string };
  /** A photo to insert with the step (its files committed after the transaction). */
  photo?: PreparedPhoto | null;
}

/** One staff step, in one transaction: lock, check the state, update, append the step, audit, notify. */
async function staffStep(
  ctx: Acting<WishesContext>,
  id: string,
  make: (w: WishRow) => Step,
  photo: PreparedPhoto | null = null,
): Promise<StaffWish> {
  const now = ctx.now();
  await withStagedPhoto(photo, () =>
    ctx.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const w = await lockInScope(ctx, db, id);
      const step = make(w);
      const current = w.status as WishStatus;
      if (!step.from.includes(current)) throw conflict(step.conflictCode?.(current) ?? 'WISH_STATE');
      if (photo) await db.insert(communityPhotos).values({ ...photo.row, riderId: w.riderId });
      await db
        .update(wishes)
        .set({ ...step.set, status: step.to, updatedAt: now })
        .where(eq(wishes.id, w.id));
      await db
        .insert(wishSteps)
        .values({ wishId: w.id, step: step.to, note: step.note, actorId: ctx.actor.userId, at: now });
      await recordAudit(db, {
        actor: ctx.actor,
        at: now,
        action: step.action,
        target: { kind: 'wish', id: w.id },
        place: place(w),
        before: { status: current },
        after: { status: step.to, note: step.note },
      });
      await noticeOnce(db, {
        userId: w.riderId,
        kind: `wish_${step.to}`,
        dedupeKey: `wish:${w.id}:${step.to}`,
        title: step.notice.title,
        body: step.notice.body,
        createdAt: now,
      });
    }),
  );
  return (await staffRows(ctx.db, eq(wishes.id, id), ctx.photos))[0]!;
}

/** 审核: 通过 (on the wall) or 不通过 with a reason; only a submitted wish. */
export async function reviewWish(ctx: Acting<WishesContext>, input: { id: string } & WishReviewBody) {
  const reason = input.reason?.trim() || null;
  if (input.decision === 'rejected' && !reason) throw badRequest('WISH_REASON_REQUIRED', undefined, 'reason');
  return staffStep(ctx, input.id, (w) =>
    input.decision === 'approved'
      ? {
          from: ['submitted'],
          to: 'approved',
          set: {},
          note: null,
          action: 'wish.approve',
          notice: { title: '你的微心愿已通过审核', body: `「${short(w)}」已展示在心愿墙上，等待爱心认领。` },
        }
      : {
          from: ['submitted'],
          to: 'rejected',
          set: { rejectReason: reason },
          note: reason,
          action: 'wish.reject',
          notice: { title: '你的微心愿未通过审核', body: `「${short(w)}」未通过：${reason}` },
        },
  );
}

/** 认领: a staff member or an organisation (name typed by staff) adopts an approved wish; one wins. */
export async function adoptWish(ctx: Acting<WishesContext>, input: { id: string; adopterName: string }) {
  const adopterName = input.adopterName.trim();
  if (!adopterName) throw badRequest('VALIDATION_FAILED', '请填写认领人或单位', 'adopterName');
  return staffStep(ctx, input.id, (w) => ({
    from: ['approved'],
    to: 'adopted',
    conflictCode: (current) =>
      current === 'adopted' || current === 'fulfilled' || current === 'received'
        ? 'WISH_ALREADY_ADOPTED'
        : 'WISH_STATE',
    set: { adopterName },
    note: adopterName,
    action: 'wish.adopt',
    notice: { title: '你的微心愿被认领了', body: `「${short(w)}」已由 ${adopterName} 认领。` },
  }));
}

/**
 * 实现: the adopted wish is fulfilled, with a note and optionally a photo; the rider confirms
 * receipt next. The photo belongs to the rider's record (export, erasure); the wall shows it only
 * when `public` (the staff member confirms it shows no face, name, door number or plate).
 */
export async function fulfilWish(
  ctx: Acting<WishesContext>,
  input: { id: string; note: string; photo?: Buffer; public?: boolean },
) {
  const note = input.note.trim();
  if (!note) throw badRequest('VALIDATION_FAILED', '请填写实现说明', 'note');
  let prepared: PreparedPhoto | null = null;
  if (input.photo) {
    // Scope and state are checked before the photo work, and again under the lock.
    const [w] = await ctx.db.select().from(wishes).where(eq(wishes.id, input.id));
    if (!w) throw notFound();
    if (!inScope(ctx.actor, place(w))) throw forbidden('OUT_OF_SCOPE');
    if (w.status !== 'adopted') throw conflict('WISH_STATE');
    prepared = await preparePhoto(ctx.photos, input.photo, {
      purpose: 'wish_fulfil',
      riderId: w.riderId,
      uploadedBy: ctx.actor.userId,
      now: ctx.now(),
      field: 'photo',
    });
  }
  return staffStep(
    ctx,
    input.id,
    (w) => ({
      from: ['adopted'],
      to: 'fulfilled',
      set: {
        fulfilNote: note,
        ...(prepared && { fulfilPhotoId: prepared.row.id, fulfilPhotoPublic: input.public === true }),
      },
      note,
      action: 'wish.fulfil',
      notice: {
        title: '你的微心愿已实现',
        body: `「${short(w)}」：${note.slice(0, 60)}。收到后请在“我的心愿”点“确认收到”。`,
      },
    }),
    prepared,
  );
}
