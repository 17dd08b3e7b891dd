import { and, desc, eq, inArray } from 'drizzle-orm';
import { WISH_WALL_STATUSES } from '@nuanxin/shared/wishes/constants';
import type { MyWish, WallWish } from '@nuanxin/shared/wishes/schemas';
import type { Db } from '../db/client.js';
import type { CommunityPhotos } from '../media/index.js';
import { wishes, wishSteps } from '../db/schema/index.js';
import { conflict, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { WishesContext } from './context.js';
import { stepsOf, toMine, toWall } from './views.js';

/** 确认收到: the rider confirms a fulfilled wish; a repeat is refused (WISH_STATE). */
export async function confirmReceipt(ctx: Acting<WishesContext>, input: { id: string }): Promise<MyWish> {
  const now = ctx.now();
  const me = ctx.actor.userId;
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [w] = await db.select().from(wishes).where(eq(wishes.id, input.id)).for('update');
    // Another rider's wish is not found: its existence is not the caller's business.
    if (!w || w.riderId !== me) throw notFound();
    if (w.status !== 'fulfilled') throw conflict('WISH_STATE');
    await db.update(wishes).set({ status: 'received', updatedAt: now }).where(eq(wishes.id, w.id));
    await db.insert(wishSteps).values({ wishId: w.id, step: 'received', actorId: me, at: now });
  });
  return (await myWishes(ctx, { id: input.id }))[0]!;
}

/** 我的心愿, with every step, newest first (or one of them). */
export async function myWishes(ctx: Acting<WishesContext>, input: { id?: string } = {}): Promise<MyWish[]> {
  const me = ctx.actor.userId;
  const rows = await ctx.db
    .select()
    .from(wishes)
    .where(and(eq(wishes.riderId, me), input.id ? eq(wishes.id, input.id) : undefined))
    .orderBy(desc(wishes.createdAt))
    .limit(100);
  const steps = await stepsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toMine(r, steps.get(r.id) ?? [], ctx.photos));
}

/** 心愿墙: approved, adopted, fulfilled and received wishes, without personal details. */
export async function wishWall(db: Db, photos: CommunityPhotos): Promise<WallWish[]> {
  const rows = await db
    .select()
    .from(wishes)
    .where(inArray(wishes.status, [...WISH_WALL_STATUSES]))
    .orderBy(desc(wishes.updatedAt))
    .limit(100);
  return rows.map((r) => toWall(r, photos));
}
