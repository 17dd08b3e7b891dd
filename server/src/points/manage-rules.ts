import { and, eq } from 'drizzle-orm';
import { REWARD_LIMITS, type EarningRule } from '@nuanxin/shared/points/constants';
import type { ManagedRule, ManagedRuleList, RuleInput } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { districtEarningRules, districts, earningRules } from '../db/schema/index.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { badRequest, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { check, isWhole } from './validate.js';

// Earning rules are set per district by its district admin: a district's own numbers override
// the city-wide defaults for credits in that district from then on. Points already credited never
// change (transfers are immutable); caps count what a rider earned under the rule, whatever the
// numbers were then.

/** The district the admin means: the one named (in its scope) or its only one. */
export async function districtOf(db: Db, admin: Principal, districtId: string | undefined) {
  const id = districtId ?? (admin.districtIds.length === 1 ? admin.districtIds[0] : undefined);
  if (!id) throw badRequest('VALIDATION_FAILED', '请选择区', 'districtId');
  if (!inScope(admin, { districtId: id })) throw forbidden('OUT_OF_SCOPE');
  const [district] = await db.select().from(districts).where(eq(districts.id, id));
  if (!district) throw notFound();
  return district;
}

export async function rulesOf(db: Db, districtId: string): Promise<ManagedRule[]> {
  const rows = await db
    .select({ rule: earningRules, own: districtEarningRules })
    .from(earningRules)
    .leftJoin(
      districtEarningRules,
      and(eq(districtEarningRules.code, earningRules.code), eq(districtEarningRules.districtId, districtId)),
    )
    .orderBy(earningRules.code);
  return rows.map(({ rule, own }) => ({
    code: rule.code as EarningRule,
    label: rule.label,
    points: own?.points ?? rule.points,
    dailyCap: own ? own.dailyCap : rule.dailyCap,
    monthlyCap: own ? own.monthlyCap : rule.monthlyCap,
    active: rule.active && (own?.active ?? true),
    districtOwn: own != null,
    updatedAt: (own?.updatedAt ?? rule.updatedAt).toISOString(),
  }));
}

export async function listRules(ctx: Acting<PointsContext>, input: { districtId?: string }): Promise<ManagedRuleList> {
  const district = await districtOf(ctx.db, ctx.actor, input.districtId);
  return { districtId: district.id, districtName: district.name, items: await rulesOf(ctx.db, district.id) };
}

/** Sets the district's own numbers for a rule (points per event or per grant at most, caps). */
export async function updateRule(
  ctx: Acting<PointsContext>,
  input: { code: EarningRule } & RuleInput,
): Promise<ManagedRule> {
  const { actor: admin } = ctx;
  const { code } = input;
  check(
    isWhole(input.points, 1, REWARD_LIMITS.maxRulePoints),
    'AMOUNT_INVALID',
    'points',
    `每次积分必须是 1 到 ${REWARD_LIMITS.maxRulePoints} 之间的整数`,
  );
  for (const field of ['dailyCap', 'monthlyCap'] as const) {
    const cap = input[field];
    check(cap === null || isWhole(cap, 1, REWARD_LIMITS.maxCap), 'CAP_INVALID', field);
  }
  check(
    input.dailyCap === null || input.monthlyCap === null || input.dailyCap <= input.monthlyCap,
    'CAP_INVALID',
    'dailyCap',
  );
  const district = await districtOf(ctx.db, admin, input.districtId);
  const [rule] = await ctx.db.select().from(earningRules).where(eq(earningRules.code, code));
  if (!rule) throw notFound('EARNING_RULE_UNKNOWN');
  const values = {
    points: input.points,
    dailyCap: input.dailyCap,
    monthlyCap: input.monthlyCap,
    active: input.active ?? true,
    updatedBy: admin.userId,
    updatedAt: ctx.now(),
  };
  const pick = (r: ManagedRule) => ({
    points: r.points,
    dailyCap: r.dailyCap,
    monthlyCap: r.monthlyCap,
    active: r.active,
  });
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const before = (await rulesOf(tx, district.id)).find((r) => r.code === code)!;
    await tx
      .insert(districtEarningRules)
      .values({ districtId: district.id, code, ...values })
      .onConflictDoUpdate({ target: [districtEarningRules.districtId, districtEarningRules.code], set: values });
    const after = (await rulesOf(tx, district.id)).find((r) => r.code === code)!;
    await recordAudit(tx, {
      actor: admin,
      at: values.updatedAt,
      action: 'rule.update',
      target: { kind: 'earning_rule', id: `${district.id}:${code}` },
      place: { districtId: district.id },
      before: pick(before),
      after: pick(after),
    });
    return after;
  });
}
