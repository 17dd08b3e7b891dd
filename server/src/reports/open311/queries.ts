import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import {
  REJECT_REASON_LABELS,
  REPORT_ACTIONS,
  REPORT_STATE_GROUPS,
  type RejectReason,
} from '@nuanxin/shared/reports/constants';
import type { Open311Request, Open311RequestsQuery, Open311ServiceDefinition } from '@nuanxin/shared/open311/schemas';
import { reportCategories, reportPhotos, reports, reportUpdates, streets } from '../../db/schema/index.js';
import { maskPii } from '../../platform/logging.js';
import type { ReportsContext } from '../context.js';
import { placesOf } from '../crew-messages.js';
import { badRequest } from '../../platform/app-error.js';
import { isCursorTime } from '../../platform/cursor.js';

/**
 * A date-time filter as an instant PostgreSQL can compare: the schema checks the format, but a
 * well-formed `0000-01-01T00:00:00Z` (no year 0 in PostgreSQL) would fail in SQL: 400 instead.
 */
function instantOf(text: string, field: string, label: string): Date {
  const at = new Date(text);
  if (!isCursorTime(at.getTime())) throw badRequest('VALIDATION_FAILED', `${label}超出可查询的范围`, field);
  return at;
}

/** ISO 8601 in Beijing time with its offset, as Open311 clients expect a zone. */
export function isoBeijing(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export async function listServices(ctx: ReportsContext) {
  const rows = await ctx.db
    .select()
    .from(reportCategories)
    .where(eq(reportCategories.active, true))
    .orderBy(asc(reportCategories.sortOrder));
  return rows.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: `${c.name}（${c.acceptWithinMinutes} 分钟内受理，${c.fixWithinHours} 小时内修复）`,
    // true = the category asks extra questions: its service definition lists them.
    metadata: c.attributes.length > 0,
    type: 'realtime' as const,
    keywords: c.name,
    group: '道路安全隐患',
  }));
}

/** A service definition: the category's extra questions as the standard's attributes, in order. */
export async function getService(
  ctx: ReportsContext,
  input: { code: string },
): Promise<Open311ServiceDefinition | null> {
  const [row] = await ctx.db
    .select()
    .from(reportCategories)
    .where(and(eq(reportCategories.code, input.code), eq(reportCategories.active, true)));
  if (!row) return null;
  return {
    service_code: row.code,
    attributes: row.attributes.map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description ?? null,
      order: i + 1,
      description: a.description,
      ...(a.values ? { values: a.values } : {}),
    })),
  };
}

/**
 * GET tokens/{token}: the partner requests filed with that token (the idempotency key of a
 * POST). Only Open311 reports are looked up: a rider's app key is never a token.
 */
export async function findByToken(ctx: ReportsContext, input: { token: string }) {
  const rows = await ctx.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.source, 'open311'), eq(reports.idempotencyKey, input.token)))
    .orderBy(asc(reports.createdAt));
  return rows.map((r) => ({ service_request_id: r.id, token: input.token }));
}

const ACTION_LABELS: Record<string, string> = {
  submit: '已提交',
  merge: '合并为重复上报',
  ...Object.fromEntries(Object.entries(REPORT_ACTIONS).map(([k, v]) => [k, v.label])),
};

/**
 * `status_notes`: the latest step of the report's timeline, as a passer-by may read it — the
 * step, the reject reason, the staff's note (phone and ID numbers masked).
 */
function statusNotes(last: { action: string; reason: string | null; note: string } | null): string | null {
  if (!last) return null;
  const reason =
    last.reason && Object.hasOwn(REJECT_REASON_LABELS, last.reason)
      ? REJECT_REASON_LABELS[last.reason as RejectReason]
      : null;
  const parts = [ACTION_LABELS[last.action] ?? last.action, reason, last.note.trim() || null].filter(Boolean);
  return maskPii(parts.join('：'));
}

/**
 * The public view of reports. It never selects the reporter (nor the idempotency key, nor the
 * subscriptions): only what a passer-by could see on the street. `ids` are already-parsed ids
 * (the route drops malformed ones); at most `limit` (200), newest first.
 */
export async function listRequests(
  ctx: ReportsContext,
  q: Omit<Open311RequestsQuery, 'service_request_id' | 'jurisdiction_id'> & { ids?: string[]; limit?: number },
): Promise<Open311Request[]> {
  const limit = q.limit ?? 200;
  const conditions: SQL[] = [];
  if (q.ids) conditions.push(inArray(reports.id, q.ids));
  if (q.status && !q.status.includes(',')) {
    conditions.push(
      inArray(
        reports.state,
        q.status === 'open'
          ? [...REPORT_STATE_GROUPS.open]
          : [...REPORT_STATE_GROUPS.fixed, ...REPORT_STATE_GROUPS.closed],
      ),
    );
  }
  if (q.service_code) conditions.push(inArray(reportCategories.code, q.service_code.split(',')));
  if (q.start_date) conditions.push(gte(reports.createdAt, instantOf(q.start_date, 'start_date', '开始时间')));
  if (q.end_date) conditions.push(lte(reports.createdAt, instantOf(q.end_date, 'end_date', '结束时间')));
  const rows = await ctx.db
    .select({
      id: reports.id,
      state: reports.state,
      rejectReason: reports.rejectReason,
      code: reportCategories.code,
      name: reportCategories.name,
      description: reports.description,
      streetName: streets.name,
      createdAt: reports.createdAt,
      updatedAt: reports.updatedAt,
      fixDueAt: reports.fixDueAt,
      lat: reports.lat,
      lng: reports.lng,
      mediaUrl: reports.mediaUrl,
      last: sql<{
        action: string;
        reason: string | null;
        note: string;
      } | null>`(select json_build_object('action', u.action, 'reason', u.reason, 'note', u.note) from ${reportUpdates} u where u.report_id = ${reports.id} order by u.created_at desc, u.id desc limit 1)`,
      photoId: sql<
        string | null
      >`(select ${reportPhotos.id} from ${reportPhotos} where ${reportPhotos.reportId} = ${reports.id} and ${reportPhotos.updateId} is null order by ${reportPhotos.position} limit 1)`,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(streets, eq(streets.id, reports.streetId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`${reports.createdAt} desc`)
    .limit(limit);
  // The place in words (street · nearest community), as crews get it: the standard's `address`.
  const places = await placesOf(ctx.db, rows);
  return rows.map((r) => {
    const wgs = gcj02ToWgs84({ lng: r.lng, lat: r.lat });
    const open = (REPORT_STATE_GROUPS.open as readonly string[]).includes(r.state);
    return {
      service_request_id: r.id,
      status: open ? 'open' : 'closed',
      status_notes:
        statusNotes(r.last) ??
        (r.state === 'rejected' && r.rejectReason ? REJECT_REASON_LABELS[r.rejectReason as RejectReason] : null),
      service_name: r.name,
      service_code: r.code,
      description: maskPii(r.description),
      agency_responsible: r.streetName ?? '区级受理',
      requested_datetime: isoBeijing(r.createdAt),
      updated_datetime: isoBeijing(r.updatedAt),
      expected_datetime: isoBeijing(r.fixDueAt),
      address: places.get(r.id) ?? null,
      lat: Math.round(wgs.lat * 1e6) / 1e6,
      long: Math.round(wgs.lng * 1e6) / 1e6,
      // Our own photo when there is one, else the partner's link (shown, never fetched).
      media_url: r.photoId ? ctx.media.url(r.photoId, 'display') : r.mediaUrl,
    };
  });
}
