import { and, desc, eq, gte, ilike, inArray, like, lt, or, type AnyColumn, type SQL } from 'drizzle-orm';
import { AUDIT_ACTION_LABELS, AUDIT_CSV_MAX_ROWS, AUDIT_TARGET_KIND_LABELS } from '@nuanxin/shared/audit/constants';
import type { AuditEntryView, AuditList, AuditQuery } from '@nuanxin/shared/audit/schemas';
import { ROLE_LABELS, type Role } from '@nuanxin/shared/auth/constants';
import { auditLog, communities, districts, merchants, streets } from '../db/schema/index.js';
import { badRequest, forbidden } from '../platform/app-error.js';
import type { Acting, Principal } from '../auth/index.js';
import type { AuditContext } from './context.js';
import { changedFields } from './diff.js';
import { csvCell } from '../platform/csv.js';
import { decodeTimeCursor, encodeTimeCursor } from '../platform/cursor.js';

// Cursor: "<at ISO>|<id>" of the last row; rows are ordered newest first (keyset paging).
const encodeCursor = encodeTimeCursor;
const decodeCursor = decodeTimeCursor;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A filter bound: a day is a Beijing calendar day (`to` includes all of it), anything else must
 * be an ISO instant with a zone, in years 1–9999 (PostgreSQL has no year 0 and reads no
 * six-digit years: `0000-01-01` reached it as a 500, schema fuzz seed 1335821223).
 */
function bound(value: string, field: 'from' | 'to'): Date {
  const day = DAY.test(value);
  const d = day ? new Date(`${value}T00:00:00+08:00`) : new Date(value);
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 1 || year > 9999 || (!day && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(value)))
    throw badRequest('VALIDATION_FAILED', field === 'from' ? '开始日期格式不正确' : '结束日期格式不正确', field);
  return day && field === 'to' ? new Date(d.getTime() + 86_400_000) : d;
}

/** The rows a reader may see: its district's, street's, communities' or shop's. Deny by default. */
function scopeCondition(principal: Principal): SQL | null {
  const within = (column: AnyColumn, ids: string[]) => (ids.length ? inArray(column, ids) : null);
  switch (principal.role) {
    case 'district_admin':
      return within(auditLog.districtId, principal.districtIds);
    case 'street_operator':
      return within(auditLog.streetId, principal.streetIds);
    case 'community_admin':
      return within(auditLog.communityId, principal.communityIds);
    case 'merchant':
      return within(auditLog.merchantId, principal.merchantIds);
    default:
      throw forbidden('FORBIDDEN');
  }
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(principal: Principal, query: AuditQuery): SQL[] | null {
  const scope = scopeCondition(principal);
  if (!scope) return null;
  const where: SQL[] = [scope];
  if (query.from) where.push(gte(auditLog.at, bound(query.from, 'from')));
  if (query.to) where.push(lt(auditLog.at, bound(query.to, 'to')));
  if (query.action)
    where.push(
      query.action.includes('.') ? eq(auditLog.action, query.action) : like(auditLog.action, `${query.action}.%`),
    );
  if (query.actorId) where.push(eq(auditLog.actorId, query.actorId));
  const actor = query.actor?.trim();
  if (actor) where.push(ilike(auditLog.actorName, `%${likeEscape(actor)}%`));
  if (query.targetKind) where.push(eq(auditLog.targetKind, query.targetKind));
  return where;
}

function select(ctx: AuditContext, where: SQL[], limit: number) {
  return ctx.db
    .select({
      row: auditLog,
      districtName: districts.name,
      streetName: streets.name,
      communityName: communities.name,
      merchantName: merchants.name,
    })
    .from(auditLog)
    .leftJoin(districts, eq(districts.id, auditLog.districtId))
    .leftJoin(streets, eq(streets.id, auditLog.streetId))
    .leftJoin(communities, eq(communities.id, auditLog.communityId))
    .leftJoin(merchants, eq(merchants.id, auditLog.merchantId))
    .where(and(...where))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit);
}

type Selected = Awaited<ReturnType<typeof select>>[number];

function toView({ row, ...names }: Selected): AuditEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    actorName: row.actorName,
    action: row.action,
    targetKind: row.targetKind,
    targetId: row.targetId,
    districtName: names.districtName ?? null,
    streetName: names.streetName ?? null,
    communityName: names.communityName ?? null,
    merchantName: names.merchantName ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
    changes: changedFields(row.before, row.after),
  };
}

/** One page of the reader's audit log, newest first, with filters and a keyset cursor. */
export async function listAudit(ctx: Acting<AuditContext>, query: AuditQuery): Promise<AuditList> {
  const where = conditions(ctx.actor, query);
  if (!where) return { items: [], nextCursor: null };
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(or(lt(auditLog.at, c.at), and(eq(auditLog.at, c.at), lt(auditLog.id, c.id)))!);
  }
  const limit = query.limit ?? 50;
  const rows = await select(ctx, where, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit && last ? encodeCursor(last.row) : null,
  };
}

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Beijing time, as people reading the export expect. */
const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

/** The filtered log as CSV (UTF-8 with BOM so Excel reads the Chinese), up to 10,000 rows. */
export async function exportAuditCsv(ctx: Acting<AuditContext>, query: AuditQuery): Promise<string> {
  const header = [
    '时间',
    '操作人',
    '角色',
    '操作',
    '操作代码',
    '对象类型',
    '对象编号',
    '区',
    '街道',
    '小区',
    '商户',
    '变更',
  ];
  const lines = [header.map(csvCell).join(',')];
  const where = conditions(ctx.actor, { ...query, cursor: undefined });
  const rows = where ? await select(ctx, where, AUDIT_CSV_MAX_ROWS) : [];
  for (const r of rows) {
    const v = toView(r);
    lines.push(
      [
        beijing(r.row.at),
        v.actorName,
        ROLE_LABELS[v.actorRole as Role] ?? v.actorRole,
        AUDIT_ACTION_LABELS[v.action] ?? v.action,
        v.action,
        AUDIT_TARGET_KIND_LABELS[v.targetKind] ?? v.targetKind,
        v.targetId,
        v.districtName,
        v.streetName,
        v.communityName,
        v.merchantName,
        v.changes.map((c) => `${c.field}: ${show(c.before)} → ${show(c.after)}`).join('; '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
