import { and, eq, ilike, sql } from 'drizzle-orm';
import type { MyWish, WishBody, WishTargetList } from '@nuanxin/shared/wishes/schemas';
import type { Db } from '../db/client.js';
import { communities, communityPhotos, riderProfiles, streets, wishes, wishSteps } from '../db/schema/index.js';
import { preparePhoto, withStagedPhoto } from '../media/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { WishesContext } from './context.js';
import { stepsOf, toMine } from './views.js';

interface Target {
  communityId: string | null;
  streetId: string;
  districtId: string;
  targetName: string;
}

async function resolveTarget(db: Db, kind: WishBody['targetKind'], id: string): Promise<Target | undefined> {
  if (kind === 'community') {
    const [c] = await db
      .select({ name: communities.name, streetId: communities.streetId, districtId: streets.districtId })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(communities.id, id));
    return c && { communityId: id, streetId: c.streetId, districtId: c.districtId, targetName: c.name };
  }
  const [s] = await db
    .select({ name: streets.name, districtId: streets.districtId })
    .from(streets)
    .where(and(eq(streets.id, id), eq(streets.active, true)));
  return s && { communityId: null, streetId: id, districtId: s.districtId, targetName: s.name };
}

/** 许个心愿: a registered, not suspended rider wishes to a community or a street; it awaits review. */
export async function submitWish(ctx: Acting<WishesContext>, input: WishBody & { photo?: Buffer }): Promise<MyWish> {
  const now = ctx.now();
  const riderId = ctx.actor.userId;
  const body = input.body.trim();
  if (!body) throw badRequest('VALIDATION_FAILED', '请填写心愿内容', 'body');
  // The optional photo: checked and stripped, staged before the transaction, committed after it.
  const prepared = input.photo
    ? await preparePhoto(ctx.photos, input.photo, {
        purpose: 'wish',
        riderId,
        uploadedBy: riderId,
        now,
        field: 'photo',
      })
    : null;
  const id = await withStagedPhoto(prepared, () =>
    ctx.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const [profile] = await db
        .select({ suspendedAt: riderProfiles.suspendedAt })
        .from(riderProfiles)
        .where(eq(riderProfiles.userId, riderId));
      if (!profile) throw forbidden('PROFILE_REQUIRED');
      if (profile.suspendedAt) throw forbidden('RIDER_SUSPENDED');
      const target = await resolveTarget(db, input.targetKind, input.targetId);
      if (!target) throw badRequest('WISH_TARGET_UNKNOWN', undefined, 'targetId');
      if (prepared) await db.insert(communityPhotos).values(prepared.row);
      const [row] = await db
        .insert(wishes)
        .values({
          riderId,
          targetKind: input.targetKind,
          ...target,
          category: input.category,
          body,
          photoId: prepared?.row.id ?? null,
          status: 'submitted',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: wishes.id });
      await db.insert(wishSteps).values({ wishId: row!.id, step: 'submitted', actorId: riderId, at: now });
      return row!.id;
    }),
  );
  const [row] = await ctx.db.select().from(wishes).where(eq(wishes.id, id));
  return toMine(row!, (await stepsOf(ctx.db, [id])).get(id) ?? [], ctx.photos);
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Communities and streets by name, for the form (a few of each). */
export async function wishTargets(ctx: Acting<WishesContext>, input: { q?: string }): Promise<WishTargetList['items']> {
  const q = input.q?.trim() ?? '';
  const like = `%${escapeLike(q)}%`;
  const sr = await ctx.db
    .select({ id: streets.id, name: streets.name })
    .from(streets)
    .where(and(eq(streets.active, true), q ? ilike(streets.name, like) : sql`true`))
    .orderBy(streets.name)
    .limit(10);
  const co = await ctx.db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(q ? ilike(communities.name, like) : sql`true`)
    .orderBy(communities.name)
    .limit(10);
  return [
    ...sr.map((r) => ({ kind: 'street' as const, ...r })),
    ...co.map((r) => ({ kind: 'community' as const, ...r })),
  ];
}
