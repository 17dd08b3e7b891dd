import { desc, eq, inArray } from 'drizzle-orm';
import type { ManagedReward, ShopRewardInput, ShopRewardList, ShopRewardPatch } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { merchants, rewards, streets } from '../db/schema/index.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { insertReward, loadManaged, merchantWhere, patchReward, toManaged, validate } from './manage-rewards.js';
import { assertWithinLimits, limitsOf } from './reward-limits.js';

// A merchant's own rewards: its shop only (inScope with the shop), within the bounds its district
// set (reward-limits.ts). Street operators and district admins keep managing every shop in their
// scope through manage-rewards.ts, unbound. The shop never sets what the street pays it back
// (settlementFen): its schema has no such field. Every write is audited in its own transaction.

function assertOwnShop(merchant: Principal, merchantId: string): void {
  if (!inScope(merchant, { merchantId })) throw forbidden('OUT_OF_SCOPE');
}

/** The merchant's shops with their rewards (active or not) and their districts' bounds. */
export async function listShopRewards(ctx: Acting<PointsContext>): Promise<ShopRewardList> {
  const ids = ctx.actor.merchantIds;
  if (ids.length === 0) return { merchants: [], limits: [], items: [] };
  const shops = await ctx.db
    .select({ id: merchants.id, name: merchants.name, districtId: streets.districtId })
    .from(merchants)
    .innerJoin(streets, eq(streets.id, merchants.streetId))
    .where(inArray(merchants.id, ids))
    .orderBy(merchants.name);
  const rows = await ctx.db
    .select({ reward: rewards, merchantName: merchants.name, streetId: merchants.streetId })
    .from(rewards)
    .innerJoin(merchants, eq(merchants.id, rewards.merchantId))
    .where(inArray(rewards.merchantId, ids))
    .orderBy(desc(rewards.active), rewards.title);
  const districtIds = [...new Set(shops.map((s) => s.districtId))];
  return {
    merchants: shops.map(({ id, name }) => ({ id, name })),
    limits: await Promise.all(districtIds.map((id) => limitsOf(ctx.db, id))),
    items: await toManaged(ctx.db, rows, ctx.now()),
  };
}

/** A merchant adds a reward to its own shop, within its district's bounds. */
export async function createShopReward(ctx: Acting<PointsContext>, input: ShopRewardInput): Promise<ManagedReward> {
  const merchant = ctx.actor;
  validate(input);
  const merchantId = input.merchantId ?? (merchant.merchantIds.length === 1 ? merchant.merchantIds[0] : undefined);
  if (!merchantId) throw badRequest('VALIDATION_FAILED', '请选择商户', 'merchantId');
  assertOwnShop(merchant, merchantId);
  const id = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const shop = await merchantWhere(tx, merchantId);
    if (!shop) throw notFound('NOT_FOUND', '商户不存在');
    assertWithinLimits(await limitsOf(tx, shop.districtId), input);
    return insertReward(tx, ctx, shop.id, input);
  });
  return loadManaged(ctx, id);
}

/**
 * A merchant edits, pauses (`active: false`) or resumes one of its own rewards. Applies to new
 * redemptions only, like every catalog edit: a voucher keeps what it was issued with.
 */
export async function updateShopReward(
  ctx: Acting<PointsContext>,
  input: { id: string; patch: ShopRewardPatch },
): Promise<ManagedReward> {
  const { id: rewardId, patch } = input;
  if (Object.keys(patch).length === 0) throw badRequest('NOTHING_TO_UPDATE');
  validate(patch);
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [reward] = await tx.select().from(rewards).where(eq(rewards.id, rewardId)).for('update');
    if (!reward) throw notFound();
    assertOwnShop(ctx.actor, reward.merchantId);
    const shop = await merchantWhere(tx, reward.merchantId);
    assertWithinLimits(await limitsOf(tx, shop!.districtId), patch);
    await patchReward(tx, ctx, reward, patch);
  });
  return loadManaged(ctx, rewardId);
}
