import { EventEmitter } from 'node:events';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { AccessConfig, Config } from '../platform/config.js';
import { systemClock, type Clock, type ServiceContext } from '../platform/context.js';
import type { Db } from '../db/client.js';
import { communities, streets } from '../db/schema/index.js';
import { forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';

/** What every access use case receives; built once by the plugin (and by jobs.ts, scripts, tests). */
export interface AccessContext extends ServiceContext {
  config: AccessConfig;
  limiter: ScanLimiter;
  /** In-process wake-up for smart-gate long-polls ("grant:<gateId>"); other replicas poll. */
  grants: EventEmitter;
}

/**
 * A caller's context plus the request's logger, for the two use cases that warn about a refused
 * code themselves (scanGate, checkRiderCode): those lines name the rider or guard and the code, and
 * must carry the request's id, so the logger is the request's and travels with its caller, not
 * with the context built once per app. Optional: a script or test may leave it out.
 */
export type AccessCaller = Acting<AccessContext> & { log?: FastifyBaseLogger };

/**
 * Scans per rider per minute, counted in memory (a fixed one-minute window). Per process: with
 * several replicas the limit is per replica, like @fastify/rate-limit's memory store.
 */
export class ScanLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(private readonly perMinute: number) {}

  /** Counts one scan; false when the rider is over the limit. */
  take(key: string, nowMs: number): boolean {
    const w = this.windows.get(key);
    if (!w || nowMs - w.start >= 60_000) {
      if (this.windows.size > 100_000) this.windows.clear();
      this.windows.set(key, { start: nowMs, count: 1 });
      return true;
    }
    w.count++;
    return w.count <= this.perMinute;
  }
}

/**
 * Built once by the plugin from the database, the config (its `access` slice) and the clock; the
 * limiter and the grants emitter live as long as the context, so build one per app, not per call.
 */
export function createAccessContext(db: Db, config: Config, now: Clock = systemClock): AccessContext {
  const grants = new EventEmitter();
  grants.setMaxListeners(0);
  return { db, now, config: config.access, limiter: new ScanLimiter(config.access.scanRateLimitPerMinute), grants };
}

export interface CommunityRow {
  id: string;
  name: string;
  address: string;
  streetId: string;
  districtId: string;
}

/** Loads communities with where they sit, for `inScope`; throws unless all exist and are in scope. */
export async function communitiesInScope(db: Db, principal: Principal, ids: string[]): Promise<CommunityRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: communities.id,
      name: communities.name,
      address: communities.address,
      streetId: communities.streetId,
      districtId: streets.districtId,
    })
    .from(communities)
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(inArray(communities.id, ids));
  if (rows.length !== new Set(ids).size) throw notFound();
  for (const r of rows) {
    if (!inScope(principal, { communityId: r.id, streetId: r.streetId, districtId: r.districtId })) {
      throw forbidden('OUT_OF_SCOPE');
    }
  }
  return rows;
}

/** Community ids a staff principal may manage: its own communities, or those of its street/district. */
export async function scopeCommunityIds(db: Db, principal: Principal): Promise<string[]> {
  switch (principal.role) {
    case 'community_admin':
      return principal.communityIds;
    case 'street_operator': {
      if (principal.streetIds.length === 0) return [];
      const rows = await db
        .select({ id: communities.id })
        .from(communities)
        .where(inArray(communities.streetId, principal.streetIds));
      return rows.map((r) => r.id);
    }
    case 'district_admin': {
      if (principal.districtIds.length === 0) return [];
      const rows = await db
        .select({ id: communities.id })
        .from(communities)
        .innerJoin(streets, eq(streets.id, communities.streetId))
        .where(inArray(streets.districtId, principal.districtIds));
      return rows.map((r) => r.id);
    }
    default:
      return [];
  }
}
