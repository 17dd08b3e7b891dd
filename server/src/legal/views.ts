import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { CaseAction, CaseKind, CaseOutcome, CaseState, ContactPreference } from '@nuanxin/shared/legal/constants';
import type { CaseDetail, CaseSummary, CaseUpdate } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import {
  districts,
  legalCaseAttachments,
  legalCases,
  legalCaseUpdates,
  riderProfiles,
  users,
} from '../db/schema/index.js';
import { maskPii } from '../platform/logging.js';
import type { LegalContext } from './context.js';
import { reopenUntil } from './deadlines.js';
import { handles, owns, type CaseRow } from './workflow.js';

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());

/** 王师傅 → 王*傅, 王五 → 王*: the centre sees who, not the whole name. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name ? `${name}*` : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** The deadline a case is past now, if any. */
export function overdueOf(c: CaseRow, now: Date): 'accept' | 'close' | null {
  if (c.state === 'submitted' && c.acceptDueAt < now) return 'accept';
  if ((c.state === 'accepted' || c.state === 'mediating') && c.closeDueAt && c.closeDueAt < now) return 'close';
  return null;
}

/** Cases with what a list shows beside them: the district, the mediator, the next appointment. */
export function selectCases(db: Db, now: Date, where: SQL | undefined) {
  return db
    .select({
      c: legalCases,
      districtName: districts.name,
      mediatorName: users.displayName,
      nextAppointmentAt: sql<string | null>`(select min(u.appointment_at) from legal_case_updates u
        where u.case_id = ${legalCases.id} and u.action = 'appointment' and u.appointment_at >= ${now})`,
    })
    .from(legalCases)
    .innerJoin(districts, eq(districts.id, legalCases.districtId))
    .leftJoin(users, eq(users.id, legalCases.mediatorId))
    .where(where);
}
type Selected = Awaited<ReturnType<typeof selectCases>>[number];

export function toSummary(r: Selected, now: Date): CaseSummary {
  const c = r.c;
  return {
    id: c.id,
    kind: c.kind as CaseKind,
    state: c.state as CaseState,
    districtName: r.districtName,
    mediatorName: r.mediatorName ?? null,
    acceptDueAt: c.acceptDueAt.toISOString(),
    closeDueAt: iso(c.closeDueAt),
    overdue: overdueOf(c, now),
    nextAppointmentAt: iso(r.nextAppointmentAt),
    rating: c.rating,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export async function toDetail(ctx: Acting<LegalContext>, c: CaseRow): Promise<CaseDetail> {
  const now = ctx.now();
  const [selected] = await selectCases(ctx.db, now, eq(legalCases.id, c.id));
  const mediatorUsers = sql`(select display_name from users m where m.id = ${legalCaseUpdates.mediatorId})`;
  const actorNames = sql`(select display_name from users a where a.id = ${legalCaseUpdates.actorId})`;
  const updates = await ctx.db
    .select({
      u: legalCaseUpdates,
      actorName: sql<string | null>`${actorNames}`,
      mediatorName: sql<string | null>`${mediatorUsers}`,
    })
    .from(legalCaseUpdates)
    .where(eq(legalCaseUpdates.caseId, c.id))
    .orderBy(asc(legalCaseUpdates.seq));
  const attachments = await ctx.db
    .select()
    .from(legalCaseAttachments)
    .where(eq(legalCaseAttachments.caseId, c.id))
    .orderBy(asc(legalCaseAttachments.createdAt));
  const isOwner = owns(ctx.actor, c);
  const isHandler = handles(ctx.actor, c);
  let riderNameMasked: string | null = null;
  if (isHandler) {
    const [who] = await ctx.db
      .select({ realName: riderProfiles.realName, displayName: users.displayName })
      .from(users)
      .leftJoin(riderProfiles, eq(riderProfiles.userId, users.id))
      .where(eq(users.id, c.riderId));
    riderNameMasked = maskName(who?.realName ?? who?.displayName ?? '');
  }
  const open = c.state === 'submitted' || c.state === 'accepted' || c.state === 'mediating';
  const handling = c.state === 'accepted' || c.state === 'mediating';
  const until = c.state === 'closed' && c.closedAt ? reopenUntil(c.closedAt) : null;
  return {
    ...toSummary(selected!, now),
    description: c.description,
    otherParty: c.otherParty,
    request: c.request,
    contactPreference: c.contactPreference as ContactPreference,
    contactPhoneMasked: c.contactPhone ? maskPii(c.contactPhone) : null,
    riderNameMasked,
    referredTo: c.referredTo,
    outcome: c.outcome as CaseOutcome | null,
    ratingComment: c.ratingComment,
    closedAt: iso(c.closedAt),
    reopenUntil: iso(until),
    attachments: attachments.map((a) => ({
      id: a.id,
      kind: a.kind as 'evidence' | 'document',
      url: ctx.signer.url(a.id, 'display'),
      thumbUrl: ctx.signer.url(a.id, 'thumb'),
      createdAt: a.createdAt.toISOString(),
    })),
    updates: updates.map(({ u, actorName, mediatorName }): CaseUpdate => ({
      id: u.id,
      action: u.action as CaseAction,
      actorRole: u.actorRole,
      // The rider is never named in a timeline; the centre's staff are.
      actorName: u.actorRole === 'rider' ? null : (actorName ?? null),
      fromState: u.fromState as CaseState | null,
      toState: u.toState as CaseState,
      note: u.note,
      appointmentAt: iso(u.appointmentAt),
      appointmentPlace: u.appointmentPlace,
      mediatorName: mediatorName ?? null,
      outcome: u.outcome as CaseOutcome | null,
      rating: u.rating,
      createdAt: u.createdAt.toISOString(),
    })),
    can: {
      rate: isOwner && c.state === 'closed' && c.rating === null,
      reopen: isOwner && until !== null && now <= until,
      attach: (isOwner || isHandler) && open,
      accept: isHandler && c.state === 'submitted',
      refer: isHandler && c.state === 'submitted',
      assign: isHandler && handling,
      appoint: isHandler && handling,
      note: isHandler && handling,
      close: isHandler && handling,
    },
  };
}
