import { timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { DeviceGrantList, DeviceGrantQuery } from '@nuanxin/shared/access/schemas';
import { accessEvents, gates } from '../db/schema/index.js';
import { sha256 } from '../auth/index.js';
import { AppError } from '../platform/app-error.js';
import { decodeTimeCursor } from '../platform/cursor.js';
import type { AccessContext } from './context.js';

const PAGE = 50;

export type PollGrantsInput = DeviceGrantQuery & {
  /** The gate. */
  id: string;
  /** The `x-device-key` header as sent (absent: refused like a wrong key). */
  deviceKey: string | undefined;
  /** Aborted when the device hangs up: the wait ends at once. */
  signal?: AbortSignal;
};

/**
 * Smart gates learn of granted scans by long-poll: the device asks for grants after its cursor
 * and the request waits (up to `wait` seconds) until one arrives. A scan on this process wakes it
 * at once; a scan on another replica is seen within a second by the re-check. The device is the
 * caller (its key, not a user token), so the context carries no actor. The wait's deadline is a
 * timer on the real clock, not `ctx.now()`: it measures how long this request holds the line.
 */
export async function pollGrants(ctx: AccessContext, input: PollGrantsInput): Promise<DeviceGrantList> {
  const { id: gateId, deviceKey, signal } = input;
  const [gate] = await ctx.db
    .select({ hash: gates.deviceKeyHash, active: gates.active })
    .from(gates)
    .where(eq(gates.id, gateId));
  const presented = Buffer.from(sha256(deviceKey ?? ''));
  if (!gate?.hash || !deviceKey || !timingSafeEqual(presented, Buffer.from(gate.hash))) {
    throw new AppError(401, 'DEVICE_KEY_INVALID');
  }
  let after: { at: Date; id: string };
  if (input.cursor) {
    after = decodeTimeCursor(input.cursor);
  } else {
    // A device without a cursor starts from now: it must not open the barrier for old scans.
    after = { at: ctx.now(), id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };
  }
  const deadline =
    Date.now() + Math.min(input.wait ?? ctx.config.deviceWaitSeconds, ctx.config.deviceWaitSeconds) * 1000;
  for (;;) {
    const rows = await ctx.db
      .select({ id: accessEvents.id, riderId: accessEvents.riderId, createdAt: accessEvents.createdAt })
      .from(accessEvents)
      .where(
        and(
          eq(accessEvents.gateId, gateId),
          eq(accessEvents.granted, true),
          eq(accessEvents.method, 'gate_code'),
          // A scan recorded late (离线补录) opens nothing: the rider is long past the barrier.
          isNull(accessEvents.offlineKey),
          or(
            gt(accessEvents.createdAt, after.at),
            and(eq(accessEvents.createdAt, after.at), gt(accessEvents.id, after.id)),
          ),
        ),
      )
      .orderBy(asc(accessEvents.createdAt), asc(accessEvents.id))
      .limit(PAGE);
    const last = rows[rows.length - 1];
    const cursor = Buffer.from(`${(last?.createdAt ?? after.at).toISOString()}|${last?.id ?? after.id}`).toString(
      'base64url',
    );
    if (rows.length > 0 || Date.now() >= deadline || signal?.aborted) {
      return {
        items: rows.map((r) => ({ eventId: r.id, riderId: r.riderId, createdAt: r.createdAt.toISOString() })),
        cursor,
      };
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        ctx.grants.off(`grant:${gateId}`, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(1000, Math.max(0, deadline - Date.now())));
      ctx.grants.on(`grant:${gateId}`, done);
      signal?.addEventListener('abort', done);
    });
  }
}
