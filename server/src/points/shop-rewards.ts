import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ManagedReward, ShopRewardInput, ShopRewardList, ShopRewardPatch } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { merchants, rewards, rewardStock, streets } from '../db/schema/index.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { loadManaged, merchantWhere, toManaged, validate } from './manage-rewards.js';
import { stockPeriodOf, type RewardRow } from './redeem.js';
import { assertWithinLimits, limitsOf } from './reward-limits.js';

// A merchant's own rewards: its shop only (inScope with the shop), within the bounds its district
// set (reward-limits.ts). Street operators and district admins keep managing every shop in their
// scope through manage-rewards.ts, unbound. The shop never sets what the street pays it back
// (settlementFen): its schema has no such field. Every write is audited in its own transaction.

type RewardRecord = typeof rewards.$inferSelect;

/** What the audit row keeps of a reward: its own fields, nothing about any person. */
const auditView = (r: RewardRecord) => ({
  title: r.title,
  description: r.description,
  pricePoints: r.pricePoints,
  stockPerPeriod: r.stockPerPeriod,
  period: r.period,
  perRiderMonthlyLimit: r.perRiderMonthlyLimit,
  voucherValidDays: r.voucherValidDays,
  hours: r.hours,
  active: r.active,
  settlementFen: r.settlementFen,
});

function assertOwnShop(merchant: Principal, merchantId: string): void {
  if (!inScope(merchant, { merchantId })) throw forbidden('OUT_OF_SCOPE');
}

/**
 * A new stock per period also applies to the current period, never below what is already taken
 * (the same rule as updateReward): an open voucher can always give its unit back.
 */
async function resizeCurrentStock(tx: Db, reward: RewardRow, stock: number, now: Date): Promise<void> {
  await tx
    .update(rewardStock)
    .set({
      total: sql`greatest(${stock}, ${rewardStock.total} - ${rewardStock.remaining})`,
      remaining: sql`greatest(0, ${stock} - (${rewardStock.total} - ${rewardStock.remaining}))`,
    })
    .where(and(eq(rewardStock.rewardId, reward.id), eq(rewardStock.periodStart, stockPeriodOf(reward, now))));
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
    const [row] = await tx
      .insert(rewards)
      .values({
        merchantId: shop.id,
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        pricePoints: input.pricePoints,
        stockPerPeriod: input.stockPerPeriod,
        period: input.period ?? 'month',
        perRiderMonthlyLimit: input.perRiderMonthlyLimit ?? null,
        voucherValidDays: input.voucherValidDays,
        hours: input.hours?.trim() ?? '',
        active: input.active ?? true,
        createdAt: ctx.now(),
      })
      .returning();
    await recordAudit(tx, {
      actor: merchant,
      at: ctx.now(),
      action: 'reward.create',
      target: { kind: 'reward', id: row!.id },
      place: { merchantId: shop.id },
      before: null,
      after: auditView(row!),
    });
    return row!.id;
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
    const [after] = await tx
      .update(rewards)
      .set({
        ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
        ...(patch.description !== undefined ? { description: patch.description.trim() } : {}),
        ...(patch.pricePoints !== undefined ? { pricePoints: patch.pricePoints } : {}),
        ...(patch.stockPerPeriod !== undefined ? { stockPerPeriod: patch.stockPerPeriod } : {}),
        ...(patch.perRiderMonthlyLimit !== undefined ? { perRiderMonthlyLimit: patch.perRiderMonthlyLimit } : {}),
        ...(patch.voucherValidDays !== undefined ? { voucherValidDays: patch.voucherValidDays } : {}),
        ...(patch.hours !== undefined ? { hours: patch.hours.trim() } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      })
      .where(eq(rewards.id, reward.id))
      .returning();
    if (patch.stockPerPeriod !== undefined && patch.stockPerPeriod !== reward.stockPerPeriod)
      await resizeCurrentStock(tx, reward, patch.stockPerPeriod, ctx.now());
    const onlyActive = Object.keys(patch).length === 1 && patch.active !== undefined;
    await recordAudit(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      action: onlyActive ? (patch.active ? 'reward.resume' : 'reward.pause') : 'reward.update',
      target: { kind: 'reward', id: reward.id },
      place: { merchantId: reward.merchantId },
      before: auditView(reward),
      after: auditView(after!),
    });
  });
  return loadManaged(ctx, rewardId);
}
