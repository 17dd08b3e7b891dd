import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { OPEN_CASE_STATES } from '@nuanxin/shared/legal/constants';
import type {
  CaseDetail,
  CaseSummary,
  FiguresQuery,
  InboxQuery,
  LegalFigures,
  LegalOptions,
  StaffResources,
} from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { rowsOf } from '../db/client.js';
import { districts, legalCases, riderProfiles, staffScopes, stations, users } from '../db/schema/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';
import { maskPii } from '../platform/logging.js';
import type { LegalContext } from './context.js';
import { districtFor } from './open.js';
import { selectCases, toSummary } from './views.js';
import { loadDetail } from './workflow.js';

/** The rider's own cases, newest first. */
export async function listMyCases(ctx: Acting<LegalContext>): Promise<CaseSummary[]> {
  const now = ctx.now();
  const rows = await selectCases(ctx.db, now, eq(legalCases.riderId, ctx.actor.userId)).orderBy(
    desc(legalCases.createdAt),
  );
  return rows.map((r) => toSummary(r, now));
}

export const getCase = (ctx: Acting<LegalContext>, input: { id: string }): Promise<CaseDetail> =>
  loadDetail(ctx, input.id);

/**
 * The centre's inbox: the cases of the mediator's districts. Open ones by the deadline that comes
 * first (overdue on top), done ones newest first.
 */
export async function staffInbox(ctx: Acting<LegalContext>, input: InboxQuery): Promise<CaseSummary[]> {
  const now = ctx.now();
  const ids = ctx.actor.districtIds;
  if (ids.length === 0) return [];
  const open = (input.group ?? 'open') === 'open';
  const states = open ? [...OPEN_CASE_STATES] : ['closed', 'referred'];
  const rows = await selectCases(
    ctx.db,
    now,
    and(inArray(legalCases.districtId, ids), inArray(legalCases.state, states)),
  )
    .orderBy(
      open
        ? sql`case when ${legalCases.state} = 'submitted' then ${legalCases.acceptDueAt} else ${legalCases.closeDueAt} end asc nulls last`
        : desc(legalCases.updatedAt),
    )
    .limit(200);
  return rows.map((r) => toSummary(r, now));
}

/** What the open-a-case form needs: the districts to choose from and where it goes by default. */
export async function legalOptions(ctx: Acting<LegalContext>): Promise<LegalOptions> {
  const list = await ctx.db
    .select({ id: districts.id, name: districts.name })
    .from(districts)
    .orderBy(asc(districts.name));
  const [profile] = await ctx.db
    .select({ phone: riderProfiles.phone })
    .from(riderProfiles)
    .where(eq(riderProfiles.userId, ctx.actor.userId));
  return {
    districts: list,
    defaultDistrictId: await districtFor(ctx.db, ctx.actor.userId, undefined),
    phoneMasked: profile ? maskPii(profile.phone) : null,
  };
}

/** The mediators a case can be assigned to and the stations with a 法律咨询 room, of the caller's districts. */
export async function staffResources(ctx: Acting<LegalContext>): Promise<StaffResources> {
  const ids = ctx.actor.districtIds;
  if (ids.length === 0) return { mediators: [], stations: [] };
  const mediators = await ctx.db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(staffScopes, and(eq(staffScopes.userId, users.id), eq(staffScopes.kind, 'district')))
    .where(and(eq(users.role, 'mediator'), eq(users.status, 'active'), inArray(staffScopes.refId, ids)))
    .orderBy(asc(users.displayName));
  const rooms = await ctx.db
    .select({ id: stations.id, name: stations.name, address: stations.address })
    .from(stations)
    .where(and(inArray(stations.districtId, ids), sql`'legal_advice' = any(${stations.amenities})`))
    .orderBy(asc(stations.name))
    .limit(200);
  return { mediators, stations: rooms };
}

interface FigureRow {
  total: number | string;
  open: number | string;
  overdue: number | string;
  median_accept_minutes: number | string | null;
  median_close_hours: number | string | null;
  rating_count: number | string;
  rating_average: number | string | null;
}

const num = (v: number | string | null) => (v === null ? null : Math.round(Number(v) * 10) / 10);

/**
 * A district's figures for its admin and its mediators: counts and times only, never a name or a
 * word of a case. Time to accept counts 受理 and 转介 alike (both answer the rider).
 */
export async function legalFigures(ctx: Acting<LegalContext>, input: FiguresQuery): Promise<LegalFigures> {
  const districtId = input.districtId ?? ctx.actor.districtIds[0];
  if (!districtId) throw badRequest('VALIDATION_FAILED', '请选择区', 'districtId');
  if (!ctx.actor.districtIds.includes(districtId)) throw forbidden('OUT_OF_SCOPE');
  const now = ctx.now();
  const [row] = rowsOf<FigureRow>(
    await ctx.db.execute(sql`
      select count(*) as total,
             count(*) filter (where state in ('submitted','accepted','mediating')) as open,
             count(*) filter (where (state = 'submitted' and accept_due_at < ${now})
                               or (state in ('accepted','mediating') and close_due_at < ${now})) as overdue,
             percentile_cont(0.5) within group (order by extract(epoch from coalesce(accepted_at, referred_at) - created_at) / 60)
               filter (where coalesce(accepted_at, referred_at) is not null) as median_accept_minutes,
             percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) / 3600)
               filter (where closed_at is not null) as median_close_hours,
             count(rating) as rating_count,
             avg(rating) as rating_average
        from legal_cases where district_id = ${districtId}`),
  );
  const byKind = rowsOf<{ kind: string; count: number | string }>(
    await ctx.db.execute(
      sql`select kind, count(*) as count from legal_cases where district_id = ${districtId} group by kind order by kind`,
    ),
  );
  const byState = rowsOf<{ state: string; count: number | string }>(
    await ctx.db.execute(
      sql`select state, count(*) as count from legal_cases where district_id = ${districtId} group by state order by state`,
    ),
  );
  return {
    districtId,
    total: Number(row?.total ?? 0),
    open: Number(row?.open ?? 0),
    overdue: Number(row?.overdue ?? 0),
    byKind: byKind.map((k) => ({ kind: k.kind as LegalFigures['byKind'][number]['kind'], count: Number(k.count) })),
    byState: byState.map((s) => ({
      state: s.state as LegalFigures['byState'][number]['state'],
      count: Number(s.count),
    })),
    medianAcceptMinutes: num(row?.median_accept_minutes ?? null),
    medianCloseHours: num(row?.median_close_hours ?? null),
    ratingCount: Number(row?.rating_count ?? 0),
    ratingAverage: num(row?.rating_average ?? null),
  };
}
