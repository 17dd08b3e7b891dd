import { and, eq, inArray, sql } from 'drizzle-orm';
import { OVERDUE_LABELS, type ReportDeadline } from '@nuanxin/shared/reports/constants';
import type { Db } from '../db/client.js';
import { rowsOf } from '../db/client.js';
import { reportCategories, staffScopes, streets, users } from '../db/schema/index.js';
import { notifyStaff } from '../notifications/index.js';
import type { ReportForUpdate } from './workflow.js';

/** The staff page a staff notice opens (miniapp/src/routes.ts, staffReport). */
const staffPage = (reportId: string) => `packages/reports/staff/report/index?id=${reportId}`;

/** Beijing time as WeChat's `time` fields want it. */
export function beijing(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
const clock = (d: Date) => beijing(d).slice(11);

/** WeChat `thing` fields take at most 20 characters. */
const thing = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s || '—');

/**
 * Where a report is, in words: its street and the nearest active community within about 600 m
 * (crews know the city by its communities, not by coordinates). One query for many reports.
 */
export async function placesOf(
  db: Db,
  rows: { id: string; lat: number; lng: number; streetName: string | null }[],
): Promise<Map<string, string>> {
  const places = new Map<string, string>();
  if (rows.length === 0) return places;
  const found = rowsOf<{ id: string; community: string | null }>(
    await db.execute(sql`
      select p.id, (
        select c.name from communities c
        where c.active and c.lat between p.lat - 0.006 and p.lat + 0.006
          and c.lng between p.lng - 0.008 and p.lng + 0.008
          and great_circle_m(c.lat, c.lng, p.lat, p.lng) <= 600
        order by great_circle_m(c.lat, c.lng, p.lat, p.lng) limit 1) as community
      from (select id, lat, lng from reports where id in (${sql.join(
        rows.map((r) => sql`${r.id}::uuid`),
        sql`, `,
      )})) p`),
  );
  const near = new Map(found.map((f) => [f.id, f.community]));
  for (const r of rows) {
    const community = near.get(r.id);
    places.set(r.id, `${r.streetName ?? '街道以外'}${community ? ` · ${community}附近` : ''}`);
  }
  return places;
}

async function reportFacts(tx: Db, report: Pick<ReportForUpdate, 'id' | 'categoryId' | 'lat' | 'lng' | 'streetId'>) {
  const [category] = await tx
    .select({ name: reportCategories.name })
    .from(reportCategories)
    .where(eq(reportCategories.id, report.categoryId));
  const [street] = report.streetId
    ? await tx.select({ name: streets.name }).from(streets).where(eq(streets.id, report.streetId))
    : [];
  const places = await placesOf(tx, [{ ...report, streetName: street?.name ?? null }]);
  return { name: category?.name ?? '随手拍', place: places.get(report.id) ?? '' };
}

/** Active crew member accounts of a team. */
export async function crewOf(tx: Db, teamId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffScopes, and(eq(staffScopes.userId, users.id), eq(staffScopes.kind, 'team')))
    .where(and(eq(staffScopes.refId, teamId), eq(users.role, 'crew_member'), eq(users.status, 'active')));
  return rows.map((r) => r.id);
}

/**
 * A dispatch reached the crew: the named member, or every active member of the team, gets an
 * inbox notice and a subscribe message — in the dispatch's transaction.
 */
export async function tellCrew(
  tx: Db,
  report: ReportForUpdate & { teamId: string; assigneeId: string | null; onSiteDueAt: Date },
  now: Date,
): Promise<number> {
  const to = report.assigneeId ? [report.assigneeId] : await crewOf(tx, report.teamId);
  if (to.length === 0) return 0;
  const { name, place } = await reportFacts(tx, report);
  for (const userId of to) {
    await notifyStaff(tx, {
      userId,
      reportId: report.id,
      kind: 'report_dispatched',
      title: report.assigneeId ? '派给你的处置任务' : '派给本队的处置任务',
      body: `「${name}」${place}，请在 ${clock(report.onSiteDueAt)} 前到场，修复后拍照提交。`,
      page: staffPage(report.id),
      templateData: {
        thing1: { value: thing(name) },
        thing2: { value: thing(place) },
        time3: { value: beijing(report.onSiteDueAt) },
        time4: { value: beijing(now) },
      },
    });
  }
  return to.length;
}

/**
 * An overdue report: the street's operators (the district admins when it lies outside every
 * street) get one notice per report and deadline (dedupe key), with a subscribe message.
 */
export async function tellOverdue(
  tx: Db,
  report: Pick<ReportForUpdate, 'id' | 'categoryId' | 'lat' | 'lng' | 'streetId' | 'districtId'>,
  deadline: ReportDeadline,
  due: Date,
): Promise<number> {
  const to = await tx
    .select({ id: users.id })
    .from(users)
    .innerJoin(staffScopes, eq(staffScopes.userId, users.id))
    .where(
      and(
        eq(users.status, 'active'),
        report.streetId
          ? and(
              eq(users.role, 'street_operator'),
              eq(staffScopes.kind, 'street'),
              eq(staffScopes.refId, report.streetId),
            )
          : and(
              eq(users.role, 'district_admin'),
              eq(staffScopes.kind, 'district'),
              inArray(staffScopes.refId, [report.districtId]),
            ),
      ),
    );
  if (to.length === 0) return 0;
  const { name, place } = await reportFacts(tx, report);
  let sent = 0;
  for (const { id: userId } of to) {
    const fresh = await notifyStaff(tx, {
      userId,
      reportId: report.id,
      kind: 'report_overdue',
      dedupeKey: `report-overdue:${report.id}:${deadline}`,
      title: `工单${OVERDUE_LABELS[deadline]}`,
      body: `「${name}」${place}：${OVERDUE_LABELS[deadline]}（时限 ${beijing(due)}），请督办。`,
      page: staffPage(report.id),
      templateData: {
        thing1: { value: thing(name) },
        thing2: { value: thing(place) },
        phrase3: { value: OVERDUE_LABELS[deadline] },
        time4: { value: beijing(due) },
      },
    });
    if (fresh) sent++;
  }
  return sent;
}
