import { and, desc, eq, inArray } from 'drizzle-orm';
import type { ApplyBody, Pass } from '@nuanxin/shared/access/schemas';
import { agreements, communities, passes, riderProfiles } from '../db/schema/index.js';
import { AppError, badRequest, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { admittingAgreements, chinaToday, effectiveStatus, endOfChinaDay, passesOf } from './passes.js';

/**
 * A rider applies to one or many communities at once. Each must have an agreement in force for
 * the rider's platform and station; an automatic agreement approves on the spot. A pass that is
 * pending or valid is left as it is; a rejected, revoked or expired one is reopened.
 */
export async function applyForPasses(ctx: Acting<AccessContext>, input: ApplyBody): Promise<Pass[]> {
  const { actor } = ctx;
  const now = ctx.now();
  const ids = await ctx.db.transaction(async (tx) => {
    const [profile] = await tx.select().from(riderProfiles).where(eq(riderProfiles.userId, actor.userId));
    if (!profile) throw badRequest('PROFILE_REQUIRED');
    const known = await tx
      .select({ id: communities.id, name: communities.name })
      .from(communities)
      .where(inArray(communities.id, input.communityIds));
    if (known.length !== input.communityIds.length) throw notFound('NOT_FOUND', '有小区不存在');
    const offers = await tx
      .select({
        id: agreements.id,
        communityId: agreements.communityId,
        approval: agreements.approval,
        endsOn: agreements.endsOn,
      })
      .from(agreements)
      .where(and(inArray(agreements.communityId, input.communityIds), admittingAgreements(profile, chinaToday(now))))
      .orderBy(agreements.approval, desc(agreements.endsOn));
    const affected: string[] = [];
    for (const c of known) {
      // 'auto' < 'manual': the first offer is the automatic one when there is one.
      const offer = offers.find((o) => o.communityId === c.id);
      if (!offer)
        throw new AppError(409, 'COMMUNITY_NOT_OPEN', `${c.name}暂未向你的平台或站点开放（没有有效的共建协议）`);
      const auto = offer.approval === 'auto';
      const values = {
        agreementId: offer.id,
        status: auto ? 'approved' : 'pending',
        reason: null,
        appliedAt: now,
        decidedAt: auto ? now : null,
        decidedBy: null,
        expiresAt: offer.endsOn ? endOfChinaDay(offer.endsOn) : null,
        updatedAt: now,
        subscriptions: input.subscriptions ?? [],
      };
      const [existing] = await tx
        .select()
        .from(passes)
        .where(and(eq(passes.riderId, actor.userId), eq(passes.communityId, c.id)))
        .for('update');
      if (existing) {
        const status = effectiveStatus(existing.status, existing.expiresAt, now);
        if (status !== 'pending' && status !== 'approved') {
          await tx.update(passes).set(values).where(eq(passes.id, existing.id));
        }
        affected.push(existing.id);
      } else {
        const [row] = await tx
          .insert(passes)
          .values({ riderId: actor.userId, communityId: c.id, ...values })
          .returning({ id: passes.id });
        affected.push(row!.id);
      }
    }
    return affected;
  });
  return passesOf(ctx.db, actor.userId, now, ids);
}
