import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { GRANT_RULES, type EarningRule } from '@nuanxin/shared/points/constants';
import type {
  PublishRulesDocumentBody,
  RulesDocumentAdmin,
  RulesDocumentPage,
  RulesDocumentVersion,
} from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { districts, merchants, pointsRulesDocuments, rewards, streets } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { badRequest, conflict, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { districtOf, rulesOf } from './manage-rules.js';
import { limitsOf } from './reward-limits.js';

// 积分管理办法: each district publishes its points rules as a document (title, body, effective
// date). Every publication is a new version (rows are only inserted, so what riders were shown on
// any day can be told); riders read the latest version whose date has come, beside the numbers the
// ledger applies now (earning rules with caps, redemption bounds), read from the rule tables so
// the page never disagrees with what the ledger does.

type DocRow = typeof pointsRulesDocuments.$inferSelect;

/** Today's date in Beijing (UTC+8), YYYY-MM-DD. */
const beijingDate = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const toVersion = (r: DocRow): RulesDocumentVersion => ({
  id: r.id,
  version: r.version,
  title: r.title,
  body: r.body,
  effectiveOn: r.effectiveOn,
  publishedAt: r.createdAt.toISOString(),
});

async function versionsOf(db: Db, districtId: string): Promise<DocRow[]> {
  return db
    .select()
    .from(pointsRulesDocuments)
    .where(eq(pointsRulesDocuments.districtId, districtId))
    .orderBy(desc(pointsRulesDocuments.version));
}

/** The version in force on `today`: the highest version whose effective date has come. */
const currentOf = (rows: DocRow[], today: string) => rows.find((r) => r.effectiveOn <= today) ?? null;

/**
 * The rider's 积分管理办法 page for a district (the one asked for; else the one with the latest
 * publication; else the first by name): the current version, a later one already announced, and
 * the live earning and redemption rules.
 */
export async function rulesDocumentPage(
  ctx: PointsContext,
  input: { districtId?: string },
): Promise<RulesDocumentPage> {
  const all = await ctx.db
    .select({ id: districts.id, name: districts.name })
    .from(districts)
    .orderBy(asc(districts.name));
  let districtId = input.districtId;
  if (!districtId) {
    const [latest] = await ctx.db
      .select({ districtId: pointsRulesDocuments.districtId })
      .from(pointsRulesDocuments)
      .orderBy(desc(pointsRulesDocuments.createdAt))
      .limit(1);
    districtId = latest?.districtId ?? all[0]?.id;
  }
  const district = all.find((d) => d.id === districtId);
  if (!district) throw notFound();
  const today = beijingDate(ctx.now());
  const rows = await versionsOf(ctx.db, district.id);
  const current = currentOf(rows, today);
  const upcoming = rows.find((r) => r.effectiveOn > today && (!current || r.version > current.version)) ?? null;

  const earning = (await rulesOf(ctx.db, district.id))
    .filter((r) => r.active)
    .map((r) => ({
      code: r.code,
      label: r.label,
      points: r.points,
      perGrant: (GRANT_RULES as readonly EarningRule[]).includes(r.code),
      dailyCap: r.dailyCap,
      monthlyCap: r.monthlyCap,
    }));
  const limits = await limitsOf(ctx.db, district.id);
  const [offer] = await ctx.db
    .select({
      count: sql<number>`count(*)::int`,
      cheapest: sql<number | null>`min(${rewards.pricePoints})`,
      dearest: sql<number | null>`max(${rewards.pricePoints})`,
      validMin: sql<number | null>`min(${rewards.voucherValidDays})`,
      validMax: sql<number | null>`max(${rewards.voucherValidDays})`,
    })
    .from(rewards)
    .innerJoin(merchants, eq(merchants.id, rewards.merchantId))
    .innerJoin(streets, eq(streets.id, merchants.streetId))
    .where(and(eq(streets.districtId, district.id), eq(rewards.active, true)));
  const num = (v: number | string | null | undefined) => (v == null ? null : Number(v));
  return {
    districtId: district.id,
    districtName: district.name,
    districts: all,
    document: current ? toVersion(current) : null,
    upcoming: upcoming ? { version: upcoming.version, effectiveOn: upcoming.effectiveOn } : null,
    earning,
    redemption: {
      pointsExpiryDays: ctx.config.expiryDays,
      minPricePoints: limits.minPricePoints,
      maxPricePoints: limits.maxPricePoints,
      rewardCount: Number(offer?.count ?? 0),
      cheapestPoints: num(offer?.cheapest),
      dearestPoints: num(offer?.dearest),
      voucherValidDaysMin: num(offer?.validMin),
      voucherValidDaysMax: num(offer?.validMax),
    },
  };
}

/** The district admin's versions of its district's document, newest first. */
export async function rulesDocumentAdmin(
  ctx: Acting<PointsContext>,
  input: { districtId?: string },
): Promise<RulesDocumentAdmin> {
  const district = await districtOf(ctx.db, ctx.actor, input.districtId);
  const rows = await versionsOf(ctx.db, district.id);
  return {
    districtId: district.id,
    districtName: district.name,
    currentVersion: currentOf(rows, beijingDate(ctx.now()))?.version ?? null,
    versions: rows.map(toVersion),
  };
}

/**
 * 发布新版本: the district admin (its district) publishes a new version; the old ones stay. The
 * effective date may not lie in the past (a rider must never have been shown a version "from
 * yesterday" that did not exist then). Two admins publishing at once: the unique (district,
 * version) index lets one win; the other gets a 409 and publishes again on the fresh list.
 */
export async function publishRulesDocument(
  ctx: Acting<PointsContext>,
  input: PublishRulesDocumentBody,
): Promise<RulesDocumentAdmin> {
  const now = ctx.now();
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) throw badRequest('TITLE_REQUIRED', undefined, 'title');
  if (!body) throw badRequest('VALIDATION_FAILED', '请填写正文', 'body');
  if (input.effectiveOn < beijingDate(now))
    throw badRequest('VALIDATION_FAILED', '生效日期不能早于今天', 'effectiveOn');
  const district = await districtOf(ctx.db, ctx.actor, input.districtId);
  try {
    await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const [last] = await tx
        .select({ version: sql<number>`coalesce(max(${pointsRulesDocuments.version}), 0)::int` })
        .from(pointsRulesDocuments)
        .where(eq(pointsRulesDocuments.districtId, district.id));
      const version = Number(last?.version ?? 0) + 1;
      const [row] = await tx
        .insert(pointsRulesDocuments)
        .values({
          districtId: district.id,
          version,
          title,
          body,
          effectiveOn: input.effectiveOn,
          createdBy: ctx.actor.userId,
          createdAt: now,
        })
        .returning({ id: pointsRulesDocuments.id });
      await recordAudit(tx, {
        actor: ctx.actor,
        at: now,
        action: 'points_rules_document.publish',
        target: { kind: 'points_rules_document', id: row!.id },
        place: { districtId: district.id },
        after: { version, title, effectiveOn: input.effectiveOn, chars: [...body].length },
      });
    });
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string } };
    if (e.code === '23505' || e.cause?.code === '23505') throw conflict('RULES_DOC_VERSION_CONFLICT');
    throw err;
  }
  return rulesDocumentAdmin(ctx, { districtId: district.id });
}
