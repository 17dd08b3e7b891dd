import { eq } from 'drizzle-orm';
import { REWARD_LIMITS } from '@nuanxin/shared/points/constants';
import type { RewardLimits, RewardLimitsInput } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { districtRewardLimits, districts } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { PointsContext } from './context.js';
import { districtOf } from './manage-rules.js';
import { check, isWhole } from './validate.js';

// A district's bounds for the rewards its shops manage themselves: the lowest and highest points
// price and the most units per period. They bind merchants only: a street operator or district
// admin setting a reward for a shop is the district's own word. A change applies to later writes;
// a reward already outside new bounds keeps running until the shop (or the street) edits it.

type LimitsRow = typeof districtRewardLimits.$inferSelect;

function toLimits(district: { id: string; name: string }, row: LimitsRow | undefined): RewardLimits {
  return {
    districtId: district.id,
    districtName: district.name,
    minPricePoints: row?.minPricePoints ?? null,
    maxPricePoints: row?.maxPricePoints ?? null,
    maxStockPerPeriod: row?.maxStockPerPeriod ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The district's bounds (all null when it has set none). */
export async function limitsOf(db: Db, districtId: string): Promise<RewardLimits> {
  const [row] = await db
    .select({ district: { id: districts.id, name: districts.name }, limits: districtRewardLimits })
    .from(districts)
    .leftJoin(districtRewardLimits, eq(districtRewardLimits.districtId, districts.id))
    .where(eq(districts.id, districtId));
  return toLimits(row?.district ?? { id: districtId, name: '' }, row?.limits ?? undefined);
}

/**
 * Refuses a merchant's price or stock outside its district's bounds, naming the field and the
 * bound in Chinese. Only the fields present are checked (a patch that only pauses a reward passes).
 */
export function assertWithinLimits(
  limits: RewardLimits,
  fields: { pricePoints?: number | undefined; stockPerPeriod?: number | undefined },
): void {
  const { minPricePoints: min, maxPricePoints: max, maxStockPerPeriod: maxStock } = limits;
  if (fields.pricePoints !== undefined) {
    const price = fields.pricePoints;
    const range =
      min != null && max != null ? `${min} 到 ${max} 分之间` : min != null ? `不低于 ${min} 分` : `不超过 ${max} 分`;
    check(
      (min == null || price >= min) && (max == null || price <= max),
      'PRICE_INVALID',
      'pricePoints',
      `积分价格超出本区规定：须${range}`,
    );
  }
  if (fields.stockPerPeriod !== undefined && maxStock != null)
    check(
      fields.stockPerPeriod <= maxStock,
      'STOCK_INVALID',
      'stockPerPeriod',
      `每期名额超出本区规定：最多 ${maxStock} 份`,
    );
}

/** The district admin's view of its district's bounds. */
export async function getRewardLimits(
  ctx: Acting<PointsContext>,
  input: { districtId?: string | undefined },
): Promise<RewardLimits> {
  const district = await districtOf(ctx.db, ctx.actor, input.districtId);
  return limitsOf(ctx.db, district.id);
}

/** Sets the district's bounds (null = no bound); audited in the same transaction. */
export async function setRewardLimits(ctx: Acting<PointsContext>, input: RewardLimitsInput): Promise<RewardLimits> {
  const fields = [
    ['minPricePoints', REWARD_LIMITS.maxPrice, '最低积分价格'],
    ['maxPricePoints', REWARD_LIMITS.maxPrice, '最高积分价格'],
    ['maxStockPerPeriod', REWARD_LIMITS.maxStock, '每期名额上限'],
  ] as const;
  for (const [field, top, label] of fields) {
    const v = input[field];
    check(
      v === null || isWhole(v, 1, top),
      field === 'maxStockPerPeriod' ? 'STOCK_INVALID' : 'PRICE_INVALID',
      field,
      `${label}必须是 1 到 ${top} 之间的整数，或不限`,
    );
  }
  check(
    input.minPricePoints === null || input.maxPricePoints === null || input.minPricePoints <= input.maxPricePoints,
    'PRICE_INVALID',
    'minPricePoints',
    '最低积分价格不能高于最高积分价格',
  );
  const district = await districtOf(ctx.db, ctx.actor, input.districtId);
  const values = {
    minPricePoints: input.minPricePoints,
    maxPricePoints: input.maxPricePoints,
    maxStockPerPeriod: input.maxStockPerPeriod,
    updatedBy: ctx.actor.userId,
    updatedAt: ctx.now(),
  };
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [before] = await tx
      .select()
      .from(districtRewardLimits)
      .where(eq(districtRewardLimits.districtId, district.id))
      .for('update');
    const [row] = await tx
      .insert(districtRewardLimits)
      .values({ districtId: district.id, ...values })
      .onConflictDoUpdate({ target: districtRewardLimits.districtId, set: values })
      .returning();
    const after = toLimits(district, row);
    await recordAudit(tx, {
      actor: ctx.actor,
      at: ctx.now(),
      action: 'reward_limits.update',
      target: { kind: 'district_reward_limits', id: district.id },
      place: { districtId: district.id },
      before: before ? toLimits(district, before) : null,
      after,
    });
    return after;
  });
}
