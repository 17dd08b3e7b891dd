import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AccessEvent, EventQuery } from '@nuanxin/shared/access/schemas';
import { PLATFORM_LABELS, STAFF_DENY_MESSAGES, type DenyReason, type Platform } from '@nuanxin/shared/access/constants';
import { ERROR_MESSAGES, type ErrorCode } from '@nuanxin/shared/common/errors';
import { accessEvents, communities, gates, riderProfiles } from '../db/schema/index.js';
import { forbidden } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { type AccessContext, scopeCommunityIds } from './context.js';
import { maskName } from './rules.js';
import { csvCell } from '../platform/csv.js';
import { decodeTimeCursor, encodeTimeCursor } from '../platform/cursor.js';

// Cursor: "<created_at ISO>|<id>" of the last row; rows are ordered newest first.
const encodeCursor = (e: { createdAt: Date; id: string }) => encodeTimeCursor({ at: e.createdAt, id: e.id });
const decodeCursor = decodeTimeCursor;

async function gateCommunityIds(db: Db, gateIds: string[]): Promise<string[]> {
  if (gateIds.length === 0) return [];
  const rows = await db.selectDistinct({ id: gates.communityId }).from(gates).where(inArray(gates.id, gateIds));
  return rows.map((r) => r.id);
}

/** The access log of the admin's communities (a guard's: its gates), newest first, with filters. */
export async function listEvents(
  ctx: Acting<AccessContext>,
  query: EventQuery,
): Promise<{ items: AccessEvent[]; nextCursor: string | null }> {
  // A gate guard sees the entries at its own gates only (of one community).
  const guardGates = ctx.actor.role === 'gate_guard' ? ctx.actor.gateIds : null;
  let ids = guardGates ? await gateCommunityIds(ctx.db, guardGates) : await scopeCommunityIds(ctx.db, ctx.actor);
  if (query.communityId) {
    if (!ids.includes(query.communityId)) throw forbidden('OUT_OF_SCOPE');
    ids = [query.communityId];
  }
  if (query.gateId && guardGates && !guardGates.includes(query.gateId)) throw forbidden('OUT_OF_SCOPE');
  if (ids.length === 0) return { items: [], nextCursor: null };
  const limit = query.limit ?? 50;
  const conditions: SQL[] = [inArray(accessEvents.communityId, ids)];
  if (guardGates) conditions.push(inArray(accessEvents.gateId, guardGates));
  if (query.gateId) conditions.push(eq(accessEvents.gateId, query.gateId));
  if (query.granted !== undefined) conditions.push(eq(accessEvents.granted, query.granted));
  if (query.reason) conditions.push(eq(accessEvents.reason, query.reason));
  if (query.from) conditions.push(gte(accessEvents.createdAt, new Date(query.from)));
  if (query.to) conditions.push(lt(accessEvents.createdAt, new Date(query.to)));
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    conditions.push(
      or(lt(accessEvents.createdAt, c.at), and(eq(accessEvents.createdAt, c.at), lt(accessEvents.id, c.id)))!,
    );
  }
  const rows = await ctx.db
    .select({
      id: accessEvents.id,
      createdAt: accessEvents.createdAt,
      scannedAt: accessEvents.scannedAt,
      method: accessEvents.method,
      granted: accessEvents.granted,
      reason: accessEvents.reason,
      communityId: accessEvents.communityId,
      communityName: communities.name,
      gateId: accessEvents.gateId,
      gateName: gates.name,
      riderId: accessEvents.riderId,
      riderName: riderProfiles.realName,
      platform: riderProfiles.platform,
      distanceM: accessEvents.distanceM,
      offline: sql<boolean>`${accessEvents.offlineKey} is not null`,
    })
    .from(accessEvents)
    .leftJoin(communities, eq(communities.id, accessEvents.communityId))
    .leftJoin(gates, eq(gates.id, accessEvents.gateId))
    .leftJoin(riderProfiles, eq(riderProfiles.userId, accessEvents.riderId))
    .where(and(...conditions))
    .orderBy(desc(accessEvents.createdAt), desc(accessEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      ...r,
      // A guard sees riders as at its check: masked names only.
      riderName: guardGates && r.riderName ? maskName(r.riderName) : r.riderName,
      createdAt: r.createdAt.toISOString(),
      scannedAt: r.scannedAt.toISOString(),
      method: r.method as AccessEvent['method'],
      platform: (r.platform as Platform | null) ?? null,
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

/** What a reason code means, for people reading the export. */
function reasonText(reason: string): string {
  if (reason === 'GRANTED') return '已准入';
  if (reason in STAFF_DENY_MESSAGES) return STAFF_DENY_MESSAGES[reason as DenyReason];
  return reason in ERROR_MESSAGES ? ERROR_MESSAGES[reason as ErrorCode] : '';
}

/** "2026-12-07 09:30:00", Beijing time (UTC+8, no summer time): what the admin's clock said. */
export function beijingDateTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The same log as CSV (UTF-8 with BOM so Excel reads the Chinese), up to 10,000 rows. */
export async function exportEventsCsv(ctx: Acting<AccessContext>, query: EventQuery): Promise<string> {
  const lines = [
    [
      '时间（北京时间）',
      '小区',
      '门岗',
      '骑手',
      '平台',
      '方式',
      '结果',
      '原因',
      '原因说明',
      '距离(米)',
      '离线补录',
      '扫码时间（手机，北京时间）',
    ]
      .map(csvCell)
      .join(','),
  ];
  let cursor: string | undefined = query.cursor;
  for (let page = 0; page < 50; page++) {
    const { items, nextCursor } = await listEvents(ctx, { ...query, limit: 200, ...(cursor ? { cursor } : {}) });
    for (const e of items) {
      lines.push(
        [
          beijingDateTime(e.createdAt),
          e.communityName,
          e.gateName,
          e.riderName,
          e.platform ? PLATFORM_LABELS[e.platform] : '',
          e.method === 'gate_code' ? '扫门岗码' : '查验骑手码',
          e.granted ? '准入' : '拒绝',
          e.reason,
          reasonText(e.reason),
          e.distanceM,
          e.offline ? '是' : '',
          beijingDateTime(e.scannedAt),
        ]
          .map(csvCell)
          .join(','),
      );
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
