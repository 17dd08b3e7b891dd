import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type {
  Agreement,
  AgreementCreateBody,
  AgreementEndResult,
  AgreementParty,
  AgreementPatchBody,
  AgreementQuery,
} from '@nuanxin/shared/access/agreements';
import { PLATFORM_LABELS, type ApprovalMode, type Platform } from '@nuanxin/shared/access/constants';
import type { Db } from '../db/client.js';
import { agreements, communities, passes } from '../db/schema/index.js';
import { badRequest, conflict, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { tellRiderAboutPass } from '../notifications/index.js';
import { type AccessContext, communitiesInScope, scopeCommunityIds } from './context.js';
import { chinaToday, endOfChinaDay } from './passes.js';

// 三方共建协议: a community × property company × a delivery platform (and optionally one station),
// valid from/to, approving applications automatically or by review, with its signing parties.
// Community admins manage those of their communities, street operators and district admins those
// of their street or district. Passes follow them as the rules say (passes.ts, apply.ts): a pass
// granted under an agreement expires at the end of its last day; ending one early stops its
// passes at once.

type AgreementRow = typeof agreements.$inferSelect;

const PROPERTY_MAX = 60;

const isDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};

function stateOf(a: AgreementRow, today: string): Agreement['state'] {
  if (a.endedAt) return 'ended';
  if (a.startsOn > today) return 'upcoming';
  if (a.endsOn && a.endsOn < today) return 'expired';
  return 'in_force';
}

/** Passes that stand under an agreement: approved and not past their expiry, or pending. */
const livePasses = (now: Date) =>
  and(
    or(
      eq(passes.status, 'pending'),
      and(eq(passes.status, 'approved'), or(isNull(passes.expiresAt), sql`${passes.expiresAt} > ${now}`)),
    ),
  );

async function loadViews(db: Db, where: SQL | undefined, now: Date): Promise<Agreement[]> {
  const today = chinaToday(now);
  const rows = await db
    .select({
      a: agreements,
      communityName: communities.name,
      streetId: communities.streetId,
      passes: sql<number>`(select count(*)::int from ${passes} where ${passes.agreementId} = ${agreements.id} and ${livePasses(now)})`,
    })
    .from(agreements)
    .innerJoin(communities, eq(communities.id, agreements.communityId))
    .where(where)
    .orderBy(asc(communities.name), desc(agreements.startsOn), asc(agreements.platform));
  return rows.map(({ a, communityName, streetId, passes: count }) => ({
    id: a.id,
    communityId: a.communityId,
    communityName,
    streetId,
    platform: a.platform,
    stationName: a.stationName,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    approval: a.approval as ApprovalMode,
    propertyCompany: a.propertyCompany,
    parties: a.parties as AgreementParty[],
    endedAt: a.endedAt?.toISOString() ?? null,
    state: stateOf(a, today),
    passes: Number(count),
    updatedAt: a.updatedAt.toISOString(),
  }));
}

async function viewOf(db: Db, id: string, now: Date): Promise<Agreement> {
  const [view] = await loadViews(db, eq(agreements.id, id), now);
  return view!;
}

/**
 * Agreements of the communities in scope: one community's (`communityId`), a street's
 * (`streetId`), or all; by default only those in force or upcoming, `all` adds ended and expired.
 */
export async function listAgreements(ctx: Acting<AccessContext>, query: AgreementQuery): Promise<Agreement[]> {
  const now = ctx.now();
  let ids = await scopeCommunityIds(ctx.db, ctx.actor);
  if (query.communityId) {
    if (!ids.includes(query.communityId)) {
      await communitiesInScope(ctx.db, ctx.actor, [query.communityId]); // 404 or 403
      return [];
    }
    ids = [query.communityId];
  }
  if (ids.length === 0) return [];
  const conditions: SQL[] = [inArray(agreements.communityId, ids)];
  if (query.streetId) conditions.push(eq(communities.streetId, query.streetId));
  if (!query.all) {
    const today = chinaToday(now);
    conditions.push(isNull(agreements.endedAt), or(isNull(agreements.endsOn), gte(agreements.endsOn, today))!);
  }
  return loadViews(ctx.db, and(...conditions), now);
}

interface Terms {
  platform: string;
  stationName: string | null;
  startsOn: string;
  endsOn: string | null;
  approval: string;
  propertyCompany: string;
  parties: AgreementParty[];
}

/** Checks what a person typed: real days, from ≤ to, trimmed texts, each party named. */
function checkTerms(t: Terms): Terms {
  if (!isDay(t.startsOn)) throw badRequest('VALIDATION_FAILED', '开始日期不是有效日期', 'startsOn');
  if (t.endsOn !== null && !isDay(t.endsOn)) throw badRequest('VALIDATION_FAILED', '结束日期不是有效日期', 'endsOn');
  if (t.endsOn !== null && t.endsOn < t.startsOn) throw badRequest('AGREEMENT_DATES_INVALID', undefined, 'endsOn');
  const stationName = t.stationName?.trim() || null;
  const propertyCompany = t.propertyCompany.trim();
  if ([...propertyCompany].length > PROPERTY_MAX)
    throw badRequest('VALIDATION_FAILED', `物业公司最多 ${PROPERTY_MAX} 个字`, 'propertyCompany');
  const parties = t.parties.map((p, i) => {
    const organisation = p.organisation.trim();
    const signatory = p.signatory.trim();
    if (!organisation)
      throw badRequest('VALIDATION_FAILED', `请填写第 ${i + 1} 个签约方的单位名称`, `parties.${i}.organisation`);
    if (!signatory)
      throw badRequest('VALIDATION_FAILED', `请填写第 ${i + 1} 个签约方的签约人`, `parties.${i}.signatory`);
    return { kind: p.kind, organisation, signatory };
  });
  return { ...t, stationName, propertyCompany, parties };
}

/**
 * Refuses a second live agreement of the same community, platform and station whose dates
 * overlap (409 AGREEMENT_OVERLAP). The caller holds the community's row lock, so two staff
 * creating the same agreement at once meet here one after the other.
 */
async function refuseOverlap(db: Db, communityId: string, t: Terms, exceptId?: string) {
  const [other] = await db
    .select({ startsOn: agreements.startsOn, endsOn: agreements.endsOn })
    .from(agreements)
    .where(
      and(
        eq(agreements.communityId, communityId),
        eq(agreements.platform, t.platform),
        sql`${agreements.stationName} is not distinct from ${t.stationName}`,
        isNull(agreements.endedAt),
        t.endsOn ? lte(agreements.startsOn, t.endsOn) : undefined,
        or(isNull(agreements.endsOn), gte(agreements.endsOn, t.startsOn)),
        exceptId ? ne(agreements.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (other) {
    const label = PLATFORM_LABELS[t.platform as Platform] ?? t.platform;
    const station = t.stationName ? `「${t.stationName}」站点` : '全部站点';
    throw conflict(
      'AGREEMENT_OVERLAP',
      `该小区已有${label}${station}的共建协议（${other.startsOn} 至 ${other.endsOn ?? '长期'}），有效期不能重叠`,
    );
  }
}

async function lockCommunity(db: Db, id: string) {
  const [row] = await db
    .select({ id: communities.id, active: communities.active, propertyCompany: communities.propertyCompany })
    .from(communities)
    .where(eq(communities.id, id))
    .for('update');
  return row;
}

const audited = (a: AgreementRow) => ({
  platform: a.platform,
  stationName: a.stationName,
  startsOn: a.startsOn,
  endsOn: a.endsOn,
  approval: a.approval,
  propertyCompany: a.propertyCompany,
  parties: a.parties,
  endedAt: a.endedAt?.toISOString() ?? null,
});

/** Signs a new agreement for a community in scope. */
export async function createAgreement(ctx: Acting<AccessContext>, input: AgreementCreateBody): Promise<Agreement> {
  const { actor } = ctx;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await communitiesInScope(db, actor, [input.communityId]);
    const community = await lockCommunity(db, input.communityId);
    if (!community) throw notFound();
    if (!community.active) throw conflict('COMMUNITY_INACTIVE', '该社区已停用，不能签订新的共建协议');
    const terms = checkTerms({
      platform: input.platform,
      stationName: input.stationName ?? null,
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? null,
      approval: input.approval,
      propertyCompany: input.propertyCompany ?? community.propertyCompany,
      parties: input.parties ?? [],
    });
    await refuseOverlap(db, community.id, terms);
    const [row] = await tx
      .insert(agreements)
      .values({ communityId: community.id, ...terms, createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(db, {
      actor,
      at: now,
      action: 'agreement.create',
      target: { kind: 'agreement', id: row!.id },
      place: { communityId: community.id },
      after: audited(row!),
    });
    return viewOf(db, row!.id, now);
  });
}

/** Locks an agreement and checks the caller covers its community; an ended one is final. */
async function lockAgreement(db: Db, ctx: Acting<AccessContext>, id: string): Promise<AgreementRow> {
  const [row] = await db.select().from(agreements).where(eq(agreements.id, id)).for('update');
  if (!row) throw notFound('NOT_FOUND', '共建协议不存在');
  await communitiesInScope(db, ctx.actor, [row.communityId]);
  if (row.endedAt) throw conflict('AGREEMENT_ENDED');
  return row;
}

/**
 * Edits an agreement's terms. A new end date carries over to the passes granted under it (they
 * expire with it, as at approval); a new platform, station or start applies to new applications.
 */
export async function updateAgreement(
  ctx: Acting<AccessContext>,
  input: AgreementPatchBody & { id: string },
): Promise<Agreement> {
  const { actor } = ctx;
  const { id: _id, ...changes } = input;
  if (Object.values(changes).every((v) => v === undefined)) throw badRequest('NOTHING_TO_UPDATE');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const before = await lockAgreement(db, ctx, input.id);
    await lockCommunity(db, before.communityId);
    const terms = checkTerms({
      platform: changes.platform ?? before.platform,
      stationName: changes.stationName === undefined ? before.stationName : changes.stationName,
      startsOn: changes.startsOn ?? before.startsOn,
      endsOn: changes.endsOn === undefined ? before.endsOn : changes.endsOn,
      approval: changes.approval ?? before.approval,
      propertyCompany: changes.propertyCompany ?? before.propertyCompany,
      parties: changes.parties ?? (before.parties as AgreementParty[]),
    });
    await refuseOverlap(db, before.communityId, terms, before.id);
    const [after] = await tx
      .update(agreements)
      .set({ ...terms, updatedAt: now })
      .where(eq(agreements.id, before.id))
      .returning();
    if (terms.endsOn !== before.endsOn) {
      await tx
        .update(passes)
        .set({ expiresAt: terms.endsOn ? endOfChinaDay(terms.endsOn) : null, updatedAt: now })
        .where(and(eq(passes.agreementId, before.id), inArray(passes.status, ['approved', 'pending'])));
    }
    await recordAudit(db, {
      actor,
      at: now,
      action: 'agreement.update',
      target: { kind: 'agreement', id: before.id },
      place: { communityId: before.communityId },
      before: audited(before),
      after: audited(after!),
    });
    return viewOf(db, before.id, now);
  });
}

/**
 * Ends an agreement early (终止), in one transaction: it admits nobody from now on (ended_at set,
 * its end date brought forward to today), its approved passes expire now and its pending
 * applications close as expired — the rider sees 已过期 and may apply again under another
 * agreement in force. A second end (two staff at once) is 409 AGREEMENT_ENDED.
 */
export async function endAgreement(
  ctx: Acting<AccessContext>,
  input: { id: string; reason?: string },
): Promise<AgreementEndResult> {
  const { actor } = ctx;
  const now = ctx.now();
  const today = chinaToday(now);
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const before = await lockAgreement(db, ctx, input.id);
    let endsOn = before.endsOn && before.endsOn < today ? before.endsOn : today;
    if (endsOn < before.startsOn) endsOn = before.startsOn;
    const [after] = await tx
      .update(agreements)
      .set({ endedAt: now, endsOn, updatedAt: now })
      .where(eq(agreements.id, before.id))
      .returning();
    const reason = input.reason?.trim() ? `共建协议已终止：${input.reason.trim()}` : '共建协议已终止';
    const live = await tx
      .select({ id: passes.id, status: passes.status })
      .from(passes)
      .where(and(eq(passes.agreementId, before.id), livePasses(now)))
      .for('update');
    const stopped =
      live.length === 0
        ? []
        : await tx
            .update(passes)
            .set({ status: 'expired', expiresAt: now, reason, updatedAt: now })
            .where(
              inArray(
                passes.id,
                live.map((p) => p.id),
              ),
            )
            .returning({ id: passes.id });
    // Each rider is told: an approved pass stopped, an application closed unanswered.
    for (const pass of live) {
      const kind = pass.status === 'approved' ? 'pass_revoked' : 'pass_rejected';
      await tellRiderAboutPass(db, { passId: pass.id, kind, now });
    }
    await recordAudit(db, {
      actor,
      at: now,
      action: 'agreement.end',
      target: { kind: 'agreement', id: before.id },
      place: { communityId: before.communityId },
      before: audited(before),
      after: { ...audited(after!), passesStopped: stopped.length, reason: input.reason?.trim() || null },
    });
    return { agreement: await viewOf(db, before.id, now), passesStopped: stopped.length };
  });
}
