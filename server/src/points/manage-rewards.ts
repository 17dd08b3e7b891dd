import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { REWARD_LIMITS, type RewardPeriod } from '@nuanxin/shared/points/constants';
import type { ManagedReward, ManagedRewardList, RewardInput, RewardPatch } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { merchants, rewards, rewardStock, streets, vouchers } from '../db/schema/index.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { stockPeriodOf, type RewardRow } from './redeem.js';
import { check, isWhole } from './validate.js';

// The rewards catalog, managed by staff: a district admin for every shop of its district, a
// street operator for the shops of its street. What a rider already holds never changes: a
// voucher keeps the price, shop and expiry it was issued with (they are copied onto it), so an
// edit applies to new redemptions only.

/** Checks every field present; absent fields (a patch) are left alone. */
export function validate(input: RewardPatch): void {
  if (input.title !== undefined) {
    const title = input.title.trim();
    check(title.length > 0 && title.length <= REWARD_LIMITS.maxTitle, 'TITLE_REQUIRED', 'title');
  }
  if (input.pricePoints !== undefined)
    check(isWhole(input.pricePoints, 1, REWARD_LIMITS.maxPrice), 'PRICE_INVALID', 'pricePoints');
  if (input.stockPerPeriod !== undefined)
    check(isWhole(input.stockPerPeriod, 1, REWARD_LIMITS.maxStock), 'STOCK_INVALID', 'stockPerPeriod');
  if (input.perRiderMonthlyLimit != null)
    check(
      isWhole(input.perRiderMonthlyLimit, 1, REWARD_LIMITS.maxPerRiderMonthly),
      'LIMIT_INVALID',
      'perRiderMonthlyLimit',
    );
  if (input.voucherValidDays !== undefined)
    check(isWhole(input.voucherValidDays, 1, REWARD_LIMITS.maxValidDays), 'VALID_DAYS_INVALID', 'voucherValidDays');
  if (input.settlementFen != null)
    check(
      isWhole(input.settlementFen, 0, REWARD_LIMITS.maxSettlementFen),
      'AMOUNT_INVALID',
      'settlementFen',
      `结算金额（分）必须是 0 到 ${REWARD_LIMITS.maxSettlementFen} 之间的整数`,
    );
}

/** What the audit log keeps of a reward: its own fields, nothing about any person. */
export const auditReward = (r: RewardRow) => ({
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

/** The shop with the street and district it sits in, for the scope check. */
export async function merchantWhere(db: Db, merchantId: string) {
  const [row] = await db
    .select({ id: merchants.id, name: merchants.name, streetId: merchants.streetId, districtId: streets.districtId })
    .from(merchants)
    .innerJoin(streets, eq(streets.id, merchants.streetId))
    .where(eq(merchants.id, merchantId));
  return row ?? null;
}

function assertManages(staff: Principal, shop: { streetId: string; districtId: string }): void {
  if (!inScope(staff, { streetId: shop.streetId, districtId: shop.districtId })) throw forbidden('OUT_OF_SCOPE');
}

/** The shops whose rewards this staff member manages (a district's or a street's). */
async function managedMerchants(db: Db, staff: Principal) {
  const districtIds = staff.role === 'district_admin' ? staff.districtIds : [];
  const streetIds = staff.role === 'street_operator' ? staff.streetIds : [];
  if (districtIds.length === 0 && streetIds.length === 0) return [];
  const rows = await db
    .select({ id: merchants.id, name: merchants.name, streetId: merchants.streetId, districtId: streets.districtId })
    .from(merchants)
    .innerJoin(streets, eq(streets.id, merchants.streetId))
    .where(
      or(
        districtIds.length ? inArray(streets.districtId, districtIds) : undefined,
        streetIds.length ? inArray(merchants.streetId, streetIds) : undefined,
      ),
    )
    .orderBy(merchants.name);
  // The one scope rule decides; the query above only narrows what it looks at.
  return rows.filter((shop) => inScope(staff, shop));
}

export async function toManaged(
  db: Db,
  rows: { reward: RewardRow; merchantName: string; streetId: string }[],
  now: Date,
) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.reward.id);
  const stock = await db.select().from(rewardStock).where(inArray(rewardStock.rewardId, ids));
  const open = await db
    .select({ rewardId: vouchers.rewardId, n: sql<number>`count(*)::int` })
    .from(vouchers)
    .where(and(inArray(vouchers.rewardId, ids), eq(vouchers.status, 'issued')))
    .groupBy(vouchers.rewardId);
  return rows.map(({ reward, merchantName, streetId }): ManagedReward => {
    const period = stockPeriodOf(reward, now);
    const current = stock.find((s) => s.rewardId === reward.id && s.periodStart === period);
    return {
      id: reward.id,
      merchantId: reward.merchantId,
      merchantName,
      streetId,
      title: reward.title,
      description: reward.description,
      pricePoints: reward.pricePoints,
      stockPerPeriod: reward.stockPerPeriod,
      period: reward.period as RewardPeriod,
      perRiderMonthlyLimit: reward.perRiderMonthlyLimit,
      voucherValidDays: reward.voucherValidDays,
      hours: reward.hours,
      active: reward.active,
      settlementFen: reward.settlementFen,
      stockLeft: current ? current.remaining : reward.stockPerPeriod,
      openVouchers: Number(open.find((o) => o.rewardId === reward.id)?.n ?? 0),
    };
  });
}

export async function loadManaged(ctx: PointsContext, rewardId: string): Promise<ManagedReward> {
  const rows = await ctx.db
    .select({ reward: rewards, merchantName: merchants.name, streetId: merchants.streetId })
    .from(rewards)
    .innerJoin(merchants, eq(merchants.id, rewards.merchantId))
    .where(eq(rewards.id, rewardId));
  const [managed] = await toManaged(ctx.db, rows, ctx.now());
  if (!managed) throw notFound();
  return managed;
}

/** The rewards of every shop in the caller's scope (active or not), and those shops. */
export async function listManagedRewards(ctx: Acting<PointsContext>): Promise<ManagedRewardList> {
  const shops = await managedMerchants(ctx.db, ctx.actor);
  if (shops.length === 0) return { items: [], merchants: [] };
  const rows = await ctx.db
    .select({ reward: rewards, merchantName: merchants.name, streetId: merchants.streetId })
    .from(rewards)
    .innerJoin(merchants, eq(merchants.id, rewards.merchantId))
    .where(
      inArray(
        rewards.merchantId,
        shops.map((s) => s.id),
      ),
    )
    .orderBy(merchants.name, rewards.title);
  return {
    items: await toManaged(ctx.db, rows, ctx.now()),
    merchants: shops.map(({ id, name, streetId }) => ({ id, name, streetId })),
  };
}

export async function createReward(ctx: Acting<PointsContext>, input: RewardInput): Promise<ManagedReward> {
  validate(input);
  const shop = await merchantWhere(ctx.db, input.merchantId);
  if (!shop) throw notFound('NOT_FOUND', '商户不存在');
  assertManages(ctx.actor, shop);
  const id = await ctx.db.transaction(async (t) => insertReward(t as unknown as Db, ctx, shop.id, input));
  return loadManaged(ctx, id);
}

/** A shop's new reward and its audit row, in the caller's transaction (staff and the shop itself). */
export async function insertReward(
  tx: Db,
  ctx: Acting<PointsContext>,
  shopId: string,
  input: Omit<RewardInput, 'merchantId'>,
): Promise<string> {
  const [created] = await tx
    .insert(rewards)
    .values({
      merchantId: shopId,
      title: input.title.trim(),
      description: input.description?.trim() ?? '',
      pricePoints: input.pricePoints,
      stockPerPeriod: input.stockPerPeriod,
      period: input.period ?? 'month',
      perRiderMonthlyLimit: input.perRiderMonthlyLimit ?? null,
      voucherValidDays: input.voucherValidDays,
      hours: input.hours?.trim() ?? '',
      active: input.active ?? true,
      settlementFen: input.settlementFen ?? null,
      createdAt: ctx.now(),
    })
    .returning();
  await recordAudit(tx, {
    actor: ctx.actor,
    at: ctx.now(),
    action: 'reward.create',
    target: { kind: 'reward', id: created!.id },
    place: { merchantId: shopId },
    before: null,
    after: auditReward(created!),
  });
  return created!.id;
}

/**
 * Changes a reward for future redemptions. A new stock per period also applies to the current
 * period: its row keeps the units already taken (issued or used) and gets the new total, never
 * below what is taken — so a voucher cancelled or expired later still returns its unit within
 * the `remaining ≤ total` CHECK, and no open voucher is ever refused its way back.
 */
export async function updateReward(
  ctx: Acting<PointsContext>,
  input: { id: string; patch: RewardPatch },
): Promise<ManagedReward> {
  const { id: rewardId, patch } = input;
  if (Object.keys(patch).length === 0) throw badRequest('NOTHING_TO_UPDATE');
  validate(patch);
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [reward] = await tx.select().from(rewards).where(eq(rewards.id, rewardId)).for('update');
    if (!reward) throw notFound();
    const shop = await merchantWhere(tx, reward.merchantId);
    assertManages(ctx.actor, shop!);
    await patchReward(tx, ctx, reward, patch);
  });
  return loadManaged(ctx, rewardId);
}

/**
 * Applies a patch to a reward the caller has locked, with its audit row (a patch of `active` alone
 * is a pause or a resume). A new stock per period also applies to the current period: its row
 * keeps the units already taken and gets the new total, never below what is taken.
 */
export async function patchReward(tx: Db, ctx: Acting<PointsContext>, reward: RewardRow, patch: RewardPatch) {
  const [updated] = await tx
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
      ...(patch.settlementFen !== undefined ? { settlementFen: patch.settlementFen } : {}),
    })
    .where(eq(rewards.id, reward.id))
    .returning();
  if (patch.stockPerPeriod !== undefined && patch.stockPerPeriod !== reward.stockPerPeriod) {
    const stock = patch.stockPerPeriod;
    await tx
      .update(rewardStock)
      .set({
        total: sql`greatest(${stock}, ${rewardStock.total} - ${rewardStock.remaining})`,
        remaining: sql`greatest(0, ${stock} - (${rewardStock.total} - ${rewardStock.remaining}))`,
      })
      .where(and(eq(rewardStock.rewardId, reward.id), eq(rewardStock.periodStart, stockPeriodOf(reward, ctx.now()))));
  }
  const onlyActive = Object.keys(patch).length === 1 && patch.active !== undefined;
  await recordAudit(tx, {
    actor: ctx.actor,
    at: ctx.now(),
    action: onlyActive ? (patch.active ? 'reward.resume' : 'reward.pause') : 'reward.update',
    target: { kind: 'reward', id: reward.id },
    place: { merchantId: reward.merchantId },
    before: auditReward(reward),
    after: auditReward(updated!),
  });
}
