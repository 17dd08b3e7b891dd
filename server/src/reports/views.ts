import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Report, ReportDetail, ReportPhoto, ReportUpdate } from '@nuanxin/shared/reports/schemas';
import type { ReportDeadline, ReportSource, ReportState } from '@nuanxin/shared/reports/constants';
import type { Principal } from '../auth/index.js';
import type { Db } from '../db/client.js';
import {
  reportCategories,
  reportPhotos,
  reports,
  reportUpdates,
  riderProfiles,
  streets,
  teams,
  users,
} from '../db/schema/index.js';
import type { MediaSigner } from './context.js';
import { placesOf } from './crew-messages.js';
import { cityForwardView } from './city/view.js';
import { maskPii } from '../platform/logging.js';

const assignees = alias(users, 'assignees');

export const reportColumns = {
  id: reports.id,
  reporterId: reports.reporterId,
  reporterName: users.displayName,
  /** For the staff's masked label only (never returned as is). */
  reporterRealName: riderProfiles.realName,
  reporterPhoneLast4: sql<string | null>`coalesce(right(${riderProfiles.phone}, 4), ${users.phoneLast4})`,
  categoryCode: reportCategories.code,
  categoryName: reportCategories.name,
  categoryIcon: reportCategories.icon,
  description: reports.description,
  lat: reports.lat,
  lng: reports.lng,
  accuracyM: reports.accuracyM,
  districtId: reports.districtId,
  streetId: reports.streetId,
  streetName: streets.name,
  teamId: reports.teamId,
  teamName: teams.name,
  assigneeId: reports.assigneeId,
  assigneeName: assignees.displayName,
  state: reports.state,
  rejectReason: reports.rejectReason,
  duplicateOfId: reports.duplicateOfId,
  confirmations: reports.confirmations,
  source: reports.source,
  mediaUrl: reports.mediaUrl,
  createdAt: reports.createdAt,
  acceptDueAt: reports.acceptDueAt,
  fixDueAt: reports.fixDueAt,
  onSiteDueAt: reports.onSiteDueAt,
  acceptedAt: reports.acceptedAt,
  dispatchedAt: reports.dispatchedAt,
  onSiteAt: reports.onSiteAt,
  fixedAt: reports.fixedAt,
  closedAt: reports.closedAt,
};

/** The select every report view starts from (joins for names; the reporter for staff views). */
export function selectReports(db: Db) {
  return db
    .select(reportColumns)
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .innerJoin(users, eq(users.id, reports.reporterId))
    .leftJoin(riderProfiles, eq(riderProfiles.userId, reports.reporterId))
    .leftJoin(streets, eq(streets.id, reports.streetId))
    .leftJoin(teams, eq(teams.id, reports.teamId))
    .leftJoin(assignees, eq(assignees.id, reports.assigneeId));
}

export type ReportRow = Awaited<ReturnType<typeof selectReports>>[number];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type DueRow = Pick<ReportRow, 'state' | 'acceptDueAt' | 'fixDueAt'> & { onSiteDueAt?: Date | null };

/** The deadline an open report has missed: accept, then fix (the bigger one), then on site; null if none. */
export function missedDeadline(row: DueRow, now: Date): ReportDeadline | null {
  if (row.state === 'submitted') return row.acceptDueAt < now ? 'accept' : null;
  if (!['accepted', 'dispatched', 'on_site'].includes(row.state)) return null;
  if (row.fixDueAt < now) return 'fix';
  if (row.state === 'dispatched' && row.onSiteDueAt && row.onSiteDueAt < now) return 'on_site';
  return null;
}

/** Overdue: not accepted, not on site (once dispatched) or not fixed in time. */
export function isOverdue(row: DueRow, now: Date): boolean {
  return missedDeadline(row, now) !== null;
}

async function photosOf(db: Db, reportIds: string[], media: MediaSigner) {
  const byReport = new Map<string, ReportPhoto[]>();
  const byUpdate = new Map<string, ReportPhoto[]>();
  if (reportIds.length === 0) return { byReport, byUpdate };
  const rows = await db
    .select()
    .from(reportPhotos)
    // Photos the privacy job's retention pass deleted are no longer offered.
    .where(and(inArray(reportPhotos.reportId, reportIds), isNull(reportPhotos.purgedAt)))
    .orderBy(asc(reportPhotos.position));
  for (const p of rows) {
    const photo = {
      id: p.id,
      url: media.url(p.id, 'display'),
      thumbUrl: media.url(p.id, 'thumb'),
      width: p.width,
      height: p.height,
    };
    const map = p.updateId ? byUpdate : byReport;
    const key = p.updateId ?? p.reportId;
    map.set(key, [...(map.get(key) ?? []), photo]);
  }
  return { byReport, byUpdate };
}

/**
 * How staff see the reporter (PIPL: enough to tell riders apart, never a full name or phone): the
 * registered real name's first character, or the account's name (a WeChat sign-in starts as 骑手),
 * with the phone's last four: 王**（尾号 6621）, 骑手（尾号 1234）. A partner's system account keeps its name.
 */
export function reporterLabel(row: Pick<ReportRow, 'reporterName' | 'reporterRealName' | 'reporterPhoneLast4'>) {
  const real = row.reporterRealName?.trim();
  const name = real ? `${[...real][0]}${'*'.repeat(Math.min(Math.max([...real].length - 1, 1), 2))}` : row.reporterName;
  return row.reporterPhoneLast4 ? `${name}（尾号 ${row.reporterPhoneLast4}）` : name;
}

/** Report rows → API views. The reporter's name is added for staff only (PIPL: need to know). */
export async function toViews(
  db: Db,
  rows: ReportRow[],
  viewer: Principal,
  media: MediaSigner,
  now: Date,
): Promise<Report[]> {
  const { byReport } = await photosOf(
    db,
    rows.map((r) => r.id),
    media,
  );
  // Crews need the place, not the reporter (PIPL: need to know).
  const staff = viewer.role !== 'rider' && viewer.role !== 'crew_member';
  const places = await placesOf(db, rows);
  return rows.map((r) => ({
    id: r.id,
    category: { code: r.categoryCode, name: r.categoryName, icon: r.categoryIcon },
    // Free text: a phone or ID number typed in it is shown masked, to everyone (PIPL).
    description: maskPii(r.description),
    lat: r.lat,
    lng: r.lng,
    accuracyM: r.accuracyM,
    streetId: r.streetId,
    streetName: r.streetName,
    teamId: r.teamId,
    teamName: r.teamName,
    assigneeId: r.assigneeId,
    assigneeName: r.assigneeName,
    place: places.get(r.id) ?? '',
    state: r.state as ReportState,
    rejectReason: r.rejectReason,
    duplicateOfId: r.duplicateOfId,
    confirmations: r.confirmations,
    source: r.source as ReportSource,
    ...(staff ? { reporterName: r.source === 'app' ? reporterLabel(r) : r.reporterName } : {}),
    mine: r.reporterId === viewer.userId,
    overdue: isOverdue(r, now),
    overdueDeadline: missedDeadline(r, now),
    photos: byReport.get(r.id) ?? [],
    mediaUrl: r.mediaUrl,
    thumbUrl: byReport.get(r.id)?.[0]?.thumbUrl ?? null,
    createdAt: r.createdAt.toISOString(),
    acceptDueAt: r.acceptDueAt.toISOString(),
    fixDueAt: r.fixDueAt.toISOString(),
    onSiteDueAt: iso(r.onSiteDueAt),
    acceptedAt: iso(r.acceptedAt),
    dispatchedAt: iso(r.dispatchedAt),
    onSiteAt: iso(r.onSiteAt),
    fixedAt: iso(r.fixedAt),
    closedAt: iso(r.closedAt),
  }));
}

const updateTeams = alias(teams, 'update_teams');

export async function toDetail(
  db: Db,
  row: ReportRow,
  viewer: Principal,
  media: MediaSigner,
  now: Date,
  options: { cityEnabled?: boolean } = {},
): Promise<ReportDetail> {
  const [view] = await toViews(db, [row], viewer, media, now);
  const updates = await db
    .select({
      id: reportUpdates.id,
      action: reportUpdates.action,
      actorRole: reportUpdates.actorRole,
      fromState: reportUpdates.fromState,
      toState: reportUpdates.toState,
      reason: reportUpdates.reason,
      note: reportUpdates.note,
      teamName: updateTeams.name,
      createdAt: reportUpdates.createdAt,
    })
    .from(reportUpdates)
    .leftJoin(updateTeams, eq(updateTeams.id, reportUpdates.teamId))
    .where(eq(reportUpdates.reportId, row.id))
    .orderBy(asc(reportUpdates.createdAt), asc(reportUpdates.id));
  const { byUpdate } = await photosOf(db, [row.id], media);
  const timeline: ReportUpdate[] = updates.map((u) => ({
    ...u,
    reason: u.reason === null ? null : maskPii(u.reason),
    note: maskPii(u.note),
    createdAt: u.createdAt.toISOString(),
    photos: byUpdate.get(u.id) ?? [],
  }));
  const city = await cityForwardView(db, row, viewer, options.cityEnabled ?? false);
  return { ...view!, updates: timeline, ...city };
}
