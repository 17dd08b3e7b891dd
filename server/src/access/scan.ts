import type { FastifyBaseLogger } from 'fastify';
import { DENY_REASONS, type DenyReason, type GateKind } from '@nuanxin/shared/access/constants';
import type { Guide, ScanBody, ScanResult } from '@nuanxin/shared/access/schemas';
import { preparedStatement, toDate } from '../db/prepared.js';
import { accessEvents } from '../db/schema/index.js';
import { AppError, badRequest } from '../errors/app-error.js';
import type { Principal } from '../auth/principal.js';
import type { AccessContext } from './context.js';
import { verifyGateCode } from './codes.js';
import { EMPTY_GUIDE } from './guide.js';
import { effectiveStatus } from './passes.js';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { validCoordinate } from './rules.js';

interface ScanRow {
  id: string;
  community_id: string;
  name: string;
  kind: string;
  lat: number;
  lng: number;
  active: boolean;
  code_version: number;
  community_name: string;
  address: string;
  require_location: boolean | null;
  max_distance_m: number | null;
  buildings: Guide['buildings'] | null;
  parking: Guide['parking'];
  transfer_point: Guide['transferPoint'];
  notes: string | null;
  pass_status: string | null;
  pass_expires_at: string | Date | null;
  suspended: boolean;
  has_other_pass: boolean;
  last_id: string | null;
  last_reason: string | null;
  last_distance: number | null;
  last_recent: boolean;
}

// One round trip: the gate, its community and guide, the rider's pass there, suspension, whether
// the rider holds a pass elsewhere, and the last event here (for de-duplication). Prepared: it is
// the hot path of the whole API, and planning it cost more than running it.
export const scanContext = preparedStatement<ScanRow>(
  'access_scan_context',
  `select g.id, g.community_id, g.name, g.kind, g.lat, g.lng, g.active, g.code_version,
          c.name as community_name, c.address,
          ca.require_location, ca.max_distance_m, ca.buildings, ca.parking, ca.transfer_point, ca.notes,
          p.status as pass_status, p.expires_at as pass_expires_at,
          coalesce(rp.suspended_at is not null, false) as suspended,
          exists (select 1 from passes op where op.rider_id = $2 and op.status = 'approved') as has_other_pass,
          l.event_id as last_id, l.reason as last_reason, l.distance_m as last_distance,
          coalesce(l.at > $3, false) as last_recent
     from gates g
     join communities c on c.id = g.community_id
     left join community_access ca on ca.community_id = g.community_id
     left join passes p on p.community_id = g.community_id and p.rider_id = $2
     left join rider_profiles rp on rp.user_id = $2
     left join access_scan_latest l on l.rider_id = $2 and l.gate_id = g.id
    where g.id = $1`,
);

// Claims the (rider, gate) row and writes the event in one statement. The claim succeeds when the
// last scan there is older than the window or reached another decision; when two scans arrive
// together, ON CONFLICT makes the second wait for the first and then see its claim: no event.
export const claimAndRecord = preparedStatement<{ id: string }>(
  'access_scan_claim',
  `with claim as (
     insert into access_scan_latest as l (rider_id, gate_id, event_id, reason, distance_m, at)
     values ($3, $1, gen_random_uuid(), $5, $9, $10)
     on conflict (rider_id, gate_id) do update
        set event_id = excluded.event_id, reason = excluded.reason, distance_m = excluded.distance_m, at = excluded.at
      where l.at <= $11 or l.reason <> excluded.reason
     returning event_id
   )
   insert into access_events (id, gate_id, community_id, rider_id, method, granted, reason, scanned_at, lat, lng, distance_m, created_at)
   select event_id, $1, $2, $3, 'gate_code', $4, $5, $6, $7, $8, $9, $10 from claim
   returning id`,
);

/** The scan that won the claim (a simultaneous twin of this one). */
const latestScan = preparedStatement<{ event_id: string; distance_m: number | null }>(
  'access_scan_latest',
  'select event_id, distance_m from access_scan_latest where rider_id = $1 and gate_id = $2',
);

export type Decision = 'GRANTED' | DenyReason;

/** The rules, in order; the first that fails is the reason the rider sees. */
export function decide(f: {
  gateActive: boolean;
  suspended: boolean;
  passStatus: string | null;
  hasOtherPass: boolean;
  requireLocation: boolean;
  maxDistanceM: number;
  distanceM: number | null;
}): Decision {
  if (!f.gateActive) return 'GATE_INACTIVE';
  if (f.suspended) return 'RIDER_SUSPENDED';
  switch (f.passStatus) {
    case null:
      return f.hasOtherPass ? 'WRONG_COMMUNITY' : 'NO_PASS';
    case 'pending':
      return 'PASS_PENDING';
    case 'rejected':
      return 'PASS_REJECTED';
    case 'revoked':
      return 'PASS_REVOKED';
    case 'expired':
      return 'PASS_EXPIRED';
  }
  if (f.requireLocation) {
    if (f.distanceM === null) return 'LOCATION_REQUIRED';
    if (f.distanceM > f.maxDistanceM) return 'TOO_FAR';
  }
  return 'GRANTED';
}

async function recordRefusal(
  ctx: AccessContext,
  principal: Principal,
  err: AppError,
  at: { gateId?: string; communityId?: string; scannedAt: Date; lat?: number; lng?: number },
) {
  await ctx.db.insert(accessEvents).values({
    gateId: at.gateId ?? null,
    communityId: at.communityId ?? null,
    riderId: principal.userId,
    method: 'gate_code',
    granted: false,
    reason: err.code,
    scannedAt: at.scannedAt,
    lat: at.lat !== undefined && validCoordinate(at.lat, at.lng ?? NaN) ? at.lat : null,
    lng: at.lng !== undefined && validCoordinate(at.lat ?? NaN, at.lng) ? at.lng : null,
    createdAt: ctx.now(),
  });
}

/**
 * A rider scanned a gate's 暖新码. Code problems (forged, retired key, superseded, unknown gate,
 * bad time or coordinates) are 4xx errors; a good code always gets a decision, granted or denied
 * with a reason and the next step. Either way the attempt is recorded. A repeat of the same scan
 * within ACCESS_DEDUPE_SECONDS returns the same event instead of a new one.
 */
export async function scanGate(ctx: AccessContext, principal: Principal, input: ScanBody, log?: FastifyBaseLogger): Promise<ScanResult> {
  const now = ctx.now();
  if (!ctx.limiter.take(principal.userId, now.getTime())) {
    // Not recorded as an event: the limit exists to stop floods from filling the table.
    log?.warn({ rider: principal.userId, code: 'RATE_LIMITED' }, 'access scan rate limited');
    throw new AppError(429, 'RATE_LIMITED');
  }
  const scannedAt = new Date(input.scannedAt);
  const loc = input.location;
  let where: { gateId?: string; communityId?: string } = {};
  try {
    const code = verifyGateCode(ctx.config, input.code);
    if (Number.isNaN(scannedAt.getTime()) || Math.abs(scannedAt.getTime() - now.getTime()) > ctx.config.maxScanSkewSeconds * 1000) {
      throw badRequest('SCAN_TIME_INVALID', undefined, 'scannedAt');
    }
    if (loc && !validCoordinate(loc.lat, loc.lng)) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, 'location');

    const since = new Date(now.getTime() - ctx.config.dedupeSeconds * 1000);
    const rider = principal.userId;
    const [row] = await scanContext(ctx.db, [code.gateId, rider, since.toISOString()]);
    if (!row) throw new AppError(404, 'GATE_UNKNOWN', undefined, 'code');
    where = { gateId: row.id, communityId: row.community_id };
    if (row.code_version !== code.version) throw new AppError(410, 'GATE_CODE_SUPERSEDED', undefined, 'code');

    const guide: Guide = {
      buildings: row.buildings ?? [],
      parking: row.parking ?? null,
      transferPoint: row.transfer_point ?? null,
      notes: row.notes ?? '',
      requireLocation: row.require_location ?? EMPTY_GUIDE.requireLocation,
      maxDistanceM: row.max_distance_m ?? EMPTY_GUIDE.maxDistanceM,
    };
    const gate = { id: row.id, name: row.name, kind: row.kind as GateKind, lat: Number(row.lat), lng: Number(row.lng) };
    const community = { id: row.community_id, name: row.community_name, address: row.address };
    const answer = (eventId: string, reason: Decision, distanceM: number | null, repeated: boolean): ScanResult => ({
      eventId,
      granted: reason === 'GRANTED',
      repeated,
      reason,
      message: reason === 'GRANTED' ? '已准入' : DENY_REASONS[reason].message,
      nextStep: reason === 'GRANTED' ? null : DENY_REASONS[reason].next,
      gate,
      community,
      guide: reason === 'GRANTED' ? guide : null,
      distanceM,
    });

    let distanceM: number | null = null;
    let stored: { lat: number; lng: number } | null = null;
    if (loc) {
      // Gates are GCJ-02; a browser's WGS-84 fix is converted before measuring.
      stored = loc.coordSystem === 'wgs84' ? // Browsers give WGS-84, 300–500 m off in Beijing: more than the distance rule allows.
        wgs84ToGcj02({ lat: loc.lat, lng: loc.lng }) : { lat: loc.lat, lng: loc.lng };
      distanceM = Math.round(greatCircleMetres(stored, gate));
    }
    const passStatus = row.pass_status
      ? effectiveStatus(row.pass_status, toDate(row.pass_expires_at), now)
      : null;
    const reason = decide({
      gateActive: row.active,
      suspended: row.suspended,
      passStatus,
      hasOtherPass: row.has_other_pass,
      requireLocation: guide.requireLocation,
      maxDistanceM: guide.maxDistanceM,
      distanceM,
    });
    // A repeat within the window that reaches the same decision is the same event (a double tap,
    // a camera reading the poster twice). A different decision (approved meanwhile) is new.
    if (row.last_id && row.last_recent && row.last_reason === reason) {
      return answer(row.last_id, reason, row.last_distance, true);
    }
    const [event] = await claimAndRecord(ctx.db, [
      gate.id,
      community.id,
      rider,
      reason === 'GRANTED',
      reason,
      scannedAt.toISOString(),
      stored?.lat ?? null,
      stored?.lng ?? null,
      distanceM,
      now.toISOString(),
      since.toISOString(),
    ]);
    if (!event) {
      const [twin] = await latestScan(ctx.db, [rider, gate.id]);
      return answer(twin!.event_id, reason, twin!.distance_m, true);
    }
    if (reason === 'GRANTED') ctx.grants.emit(`grant:${gate.id}`);
    return answer(event.id, reason, distanceM, false);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      log?.warn({ rider: principal.userId, gate: where.gateId, code: err.code }, 'access scan refused');
      await recordRefusal(ctx, principal, err, {
        ...where,
        scannedAt: Number.isNaN(scannedAt.getTime()) ? now : scannedAt,
        ...(loc ? { lat: loc.lat, lng: loc.lng } : {}),
      });
    }
    throw err;
  }
}
