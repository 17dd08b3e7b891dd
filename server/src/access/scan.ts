import { DENY_REASONS, type DenyReason, type GateKind } from '@nuanxin/shared/access/constants';
import type { Guide, ScanBody, ScanResult } from '@nuanxin/shared/access/schemas';
import { preparedStatement } from '../db/prepared.js';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { accessEvents, gates } from '../db/schema/index.js';
import { AppError, badRequest } from '../platform/app-error.js';
import type { AccessCaller } from './context.js';
import { gateNumberOf, verifyGateCode, type GateCode } from './codes.js';
import { EMPTY_GUIDE } from './guide.js';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { validCoordinate } from './rules.js';

interface ScanRow {
  id: string;
  community_id: string;
  name: string;
  kind: string;
  lat: number;
  lng: number;
  code_version: number;
  community_name: string;
  address: string;
  require_location: boolean;
  max_distance_m: number;
  buildings: Guide['buildings'] | null;
  parking: Guide['parking'];
  transfer_point: Guide['transferPoint'];
  notes: string | null;
  reason: Decision;
  distance_m: number | null;
  /** The new event, when this scan claimed the (rider, gate) row. */
  event_id: string | null;
  last_id: string | null;
  last_reason: string | null;
  last_distance: number | null;
  last_recent: boolean;
}

// The whole scan in one statement, one round trip: the gate, its community and guide, the rider's
// pass there, suspension and passes elsewhere; the distance (great_circle_m, geo/sql/great_circle_m.sql:
// on earthdistance's sphere, as stations measure);
// the decision (access_decision, sql/access_decision.sql); and, unless the code is superseded or this is a
// repeat of the last scan here, the claim of the (rider, gate) row and the event. The claim
// succeeds when the last scan there is older than the window or reached another decision; when two
// scans arrive together, ON CONFLICT makes the second wait for the first and then see its claim: no
// event (the caller then reads the winner's). Prepared: it is the hot path of the whole API.
// $1 gate, $2 rider, $3 the code's version, $4 now, $5 start of the de-duplication window,
// $6 scanned at, $7/$8 GCJ-02 location or nulls, $9/$10 the guide's defaults.
// The subquery `d` stays a subquery (`offset 0`): its columns are plain values, so the planner inlines
// access_decision, which uses some of them twice; an expensive expression there would make it a
// function call planned on every scan. (No `--` comments in the SQL: pgbench gets it as one line.)
const SCAN_CONTEXT = `with ctx as (
     select g.id, g.community_id, g.name, g.kind, g.lat, g.lng, g.code_version,
            c.name as community_name, c.address,
            d.require_location, d.max_distance_m, ca.buildings, ca.parking, ca.transfer_point, ca.notes,
            d.distance_m,
            access_decision(g.active, coalesce(rp.suspended_at is not null, false), p.status, p.expires_at, $4::timestamptz,
              exists (select 1 from passes op where op.rider_id = $2::uuid and op.status = 'approved'),
              d.require_location, d.max_distance_m, d.distance_m) as reason,
            l.event_id as last_id, l.reason as last_reason, l.distance_m as last_distance,
            coalesce(l.at > $5::timestamptz, false) as last_recent
       from gates g
       join communities c on c.id = g.community_id
       left join community_access ca on ca.community_id = g.community_id
       left join passes p on p.community_id = g.community_id and p.rider_id = $2::uuid
       left join rider_profiles rp on rp.user_id = $2::uuid
       left join access_scan_latest l on l.rider_id = $2::uuid and l.gate_id = g.id
       cross join lateral (
         select coalesce(ca.require_location, $9::boolean) as require_location,
                coalesce(ca.max_distance_m, $10::int) as max_distance_m,
                round(great_circle_m($7::float8, $8::float8, g.lat, g.lng))::int as distance_m
         offset 0
       ) d
      where g.id = $1::uuid
   )`;

export const scanStatement = preparedStatement<ScanRow>(
  'access_scan',
  `${SCAN_CONTEXT},
   claim as (
     insert into access_scan_latest as l (rider_id, gate_id, event_id, reason, distance_m, at)
     select $2::uuid, ctx.id, gen_random_uuid(), ctx.reason, ctx.distance_m, $4::timestamptz
       from ctx
      where ctx.code_version = $3::int and not (ctx.last_recent and ctx.last_reason = ctx.reason)
     on conflict (rider_id, gate_id) do update
        set event_id = excluded.event_id, reason = excluded.reason, distance_m = excluded.distance_m, at = excluded.at
      where l.at <= $5::timestamptz or l.reason <> excluded.reason
     returning event_id
   ),
   event as (
     insert into access_events (id, gate_id, community_id, rider_id, method, granted, reason, scanned_at, lat, lng, distance_m, created_at)
     select claim.event_id, ctx.id, ctx.community_id, $2::uuid, 'gate_code', ctx.reason = 'GRANTED', ctx.reason,
            $6::timestamptz, $7::float8, $8::float8, ctx.distance_m, $4::timestamptz
       from claim, ctx
     returning id
   )
   select ctx.*, (select id from event) as event_id from ctx`,
);

/** The scan that won the claim (a simultaneous twin of this one). */
const latestScan = preparedStatement<{ event_id: string; distance_m: number | null }>(
  'access_scan_latest',
  'select event_id, distance_m from access_scan_latest where rider_id = $1 and gate_id = $2',
);

// A scan the app kept without network (离线补录): the same context and decision, judged at the scan's
// own time ($4 = $5 = scanned at: a pass that expired since still counts as valid then), written
// once per (rider, offline key) and never claiming the (rider, gate) row — a late record is not the
// rider's latest scan there and must not make a live scan a "repeat". $11 the key, $12 now.
// Once per key: access_events is partitioned by day and cannot hold a unique key without the day,
// and the same key may arrive again on another day, so the key is claimed in access_offline_keys in
// the same statement; a second arrival (even at the same moment) finds it claimed and writes nothing.
const offlineScanStatement = preparedStatement<ScanRow>(
  'access_scan_offline',
  `${SCAN_CONTEXT},
   claim as (
     insert into access_offline_keys (rider_id, offline_key, event_id, created_at)
     select $2::uuid, $11::text, gen_random_uuid(), $12::timestamptz
       from ctx
      where ctx.code_version = $3::int
     on conflict (rider_id, offline_key) do nothing
     returning event_id
   ),
   event as (
     insert into access_events (id, gate_id, community_id, rider_id, method, granted, reason, scanned_at, lat, lng, distance_m, offline_key, created_at)
     select claim.event_id, ctx.id, ctx.community_id, $2::uuid, 'gate_code', ctx.reason = 'GRANTED', ctx.reason,
            $6::timestamptz, $7::float8, $8::float8, ctx.distance_m, $11::text, $12::timestamptz
       from claim, ctx
     returning id
   )
   select ctx.*, (select id from event) as event_id from ctx`,
);

/** The event an offline key already made (the app sent it again: its answer was lost). */
const offlineEvent = preparedStatement<{ id: string; reason: Decision; distance_m: number | null }>(
  'access_scan_offline_event',
  `select e.id, e.reason, e.distance_m
     from access_offline_keys k
     join access_events e on e.id = k.event_id and e.created_at = k.created_at
    where k.rider_id = $1 and k.offline_key = $2`,
);

// A refusal of an offline scan is recorded once per key too (the app may send it again): the
// key's claim and the event in one statement.
const offlineRefusal = preparedStatement<{ id: string }>(
  'access_scan_offline_refusal',
  `with claim as (
     insert into access_offline_keys (rider_id, offline_key, event_id, created_at)
     values ($1::uuid, $2::text, gen_random_uuid(), $3::timestamptz)
     on conflict (rider_id, offline_key) do nothing
     returning event_id
   )
   insert into access_events (id, gate_id, community_id, rider_id, method, granted, reason, scanned_at, lat, lng, offline_key, created_at)
   select claim.event_id, $4::uuid, $5::uuid, $1::uuid, 'gate_code', false, $6::text, $7::timestamptz, $8::float8, $9::float8, $2::text, $3::timestamptz
     from claim
   returning id`,
);

/**
 * A typed 门岗号 stands for the gate's current poster (a new code clears the number). It proves
 * less than the signed QR — anyone who saw the poster knows it — so the location rule, on by
 * default, is what keeps a rider streets away out.
 */
async function gateCodeOfNumber(db: Db, number: string): Promise<GateCode> {
  const [gate] = await db
    .select({ id: gates.id, codeVersion: gates.codeVersion })
    .from(gates)
    .where(eq(gates.shortCode, number));
  if (!gate) throw badRequest('GATE_NUMBER_UNKNOWN', undefined, 'code');
  return { gateId: gate.id, version: gate.codeVersion };
}

/** GRANTED, or the first rule that failed (access_decision, sql/access_decision.sql, holds the rules). */
export type Decision = 'GRANTED' | DenyReason;

async function recordRefusal(
  ctx: AccessCaller,
  err: AppError,
  at: { gateId?: string; communityId?: string; offlineKey: string | null; scannedAt: Date; lat?: number; lng?: number },
) {
  const lat = at.lat !== undefined && validCoordinate(at.lat, at.lng ?? NaN) ? at.lat : null;
  const lng = at.lng !== undefined && validCoordinate(at.lat ?? NaN, at.lng) ? at.lng : null;
  if (at.offlineKey) {
    await offlineRefusal(ctx.db, [
      ctx.actor.userId,
      at.offlineKey,
      ctx.now().toISOString(),
      at.gateId ?? null,
      at.communityId ?? null,
      err.code,
      at.scannedAt.toISOString(),
      lat,
      lng,
    ]);
    return;
  }
  await ctx.db.insert(accessEvents).values({
    gateId: at.gateId ?? null,
    communityId: at.communityId ?? null,
    riderId: ctx.actor.userId,
    method: 'gate_code',
    granted: false,
    reason: err.code,
    scannedAt: at.scannedAt,
    lat,
    lng,
    createdAt: ctx.now(),
  });
}

/**
 * A rider scanned a gate's 暖新码. Code problems (forged, retired key, superseded, unknown gate,
 * bad time or coordinates) are 4xx errors; a good code always gets a decision, granted or denied
 * with a reason and the next step. Either way the attempt is recorded. A repeat of the same scan
 * within ACCESS_DEDUPE_SECONDS returns the same event instead of a new one.
 */
export async function scanGate(ctx: AccessCaller, input: ScanBody): Promise<ScanResult> {
  const { actor: principal, log } = ctx;
  const now = ctx.now();
  if (!ctx.limiter.take(principal.userId, now.getTime())) {
    // Not recorded as an event: the limit exists to stop floods from filling the table.
    log?.warn({ rider: principal.userId, code: 'RATE_LIMITED' }, 'access scan rate limited');
    throw new AppError(429, 'RATE_LIMITED');
  }
  const scannedAt = new Date(input.scannedAt);
  const offlineKey = input.offline?.key ?? null;
  // The phone's clock, trusted only within the skew window (a time outside it, e.g. year 0, which
  // PostgreSQL cannot store, is refused and the refusal recorded at the server's time). A scan kept
  // offline may be older, up to ACCESS_OFFLINE_SCAN_HOURS; never from the future.
  const skewMs = ctx.config.maxScanSkewSeconds * 1000;
  const earliest = now.getTime() - (offlineKey ? ctx.config.offlineScanHours * 3600_000 : skewMs);
  const timeOk =
    !Number.isNaN(scannedAt.getTime()) &&
    scannedAt.getTime() >= earliest &&
    scannedAt.getTime() <= now.getTime() + skewMs;
  const loc = input.location;
  let where: { gateId?: string; communityId?: string } = {};
  try {
    const number = gateNumberOf(input.code);
    const code = number ? await gateCodeOfNumber(ctx.db, number) : verifyGateCode(ctx.config, input.code);
    if (!timeOk) {
      if (offlineKey && scannedAt.getTime() < earliest)
        throw badRequest(
          'OFFLINE_SCAN_TOO_OLD',
          `离线扫码已超过 ${ctx.config.offlineScanHours} 小时，不再补录`,
          'scannedAt',
        );
      throw badRequest('SCAN_TIME_INVALID', undefined, 'scannedAt');
    }
    if (loc && !validCoordinate(loc.lat, loc.lng)) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, 'location');

    const since = new Date(now.getTime() - ctx.config.dedupeSeconds * 1000);
    const rider = principal.userId;
    const decidedAt = offlineKey ? scannedAt : now;
    // Gates are GCJ-02; a browser's WGS-84 fix (300–500 m off in Beijing: more than the distance
    // rule allows) is converted before measuring and storing.
    const stored = loc
      ? loc.coordSystem === 'wgs84'
        ? wgs84ToGcj02({ lat: loc.lat, lng: loc.lng })
        : { lat: loc.lat, lng: loc.lng }
      : null;
    const params = [
      code.gateId,
      rider,
      code.version,
      decidedAt.toISOString(),
      (offlineKey ? decidedAt : since).toISOString(),
      scannedAt.toISOString(),
      stored?.lat ?? null,
      stored?.lng ?? null,
      EMPTY_GUIDE.requireLocation,
      EMPTY_GUIDE.maxDistanceM,
    ];
    const [row] = offlineKey
      ? await offlineScanStatement(ctx.db, [...params, offlineKey, now.toISOString()])
      : await scanStatement(ctx.db, params);
    if (!row) throw new AppError(404, 'GATE_UNKNOWN', undefined, 'code');
    where = { gateId: row.id, communityId: row.community_id };
    if (row.code_version !== code.version) throw new AppError(410, 'GATE_CODE_SUPERSEDED', undefined, 'code');

    const reason = row.reason;
    const gate = { id: row.id, name: row.name, kind: row.kind as GateKind, lat: Number(row.lat), lng: Number(row.lng) };
    const community = { id: row.community_id, name: row.community_name, address: row.address };
    const guide: Guide = {
      buildings: row.buildings ?? [],
      parking: row.parking ?? null,
      transferPoint: row.transfer_point ?? null,
      notes: row.notes ?? '',
      requireLocation: row.require_location,
      maxDistanceM: row.max_distance_m,
    };
    const answer = (eventId: string, distanceM: number | null, repeated: boolean, decision = reason): ScanResult => ({
      eventId,
      granted: decision === 'GRANTED',
      repeated,
      offline: offlineKey !== null,
      reason,
      message: decision === 'GRANTED' ? '已准入' : DENY_REASONS[decision].message,
      nextStep: decision === 'GRANTED' ? null : DENY_REASONS[decision].next,
      gate,
      community,
      guide: decision === 'GRANTED' ? guide : null,
      distanceM,
    });
    if (offlineKey) {
      // Recorded late: nothing opens (no grant is emitted to the gate's devices). Sent again, the
      // key's first event and its decision come back.
      if (row.event_id) return answer(row.event_id, row.distance_m, false);
      const [first] = await offlineEvent(ctx.db, [rider, offlineKey]);
      return answer(first!.id, first!.distance_m, true, first!.reason);
    }
    if (row.event_id) {
      if (reason === 'GRANTED') ctx.grants.emit(`grant:${gate.id}`);
      return answer(row.event_id, row.distance_m, false);
    }
    // A repeat within the window that reaches the same decision is the same event (a double tap,
    // a camera reading the poster twice). A different decision (approved meanwhile) is new.
    if (row.last_id && row.last_recent && row.last_reason === reason)
      return answer(row.last_id, row.last_distance, true);
    // A simultaneous twin claimed the row first: its event is this scan's.
    const [twin] = await latestScan(ctx.db, [rider, gate.id]);
    return answer(twin!.event_id, twin!.distance_m, true);
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      log?.warn({ rider: principal.userId, gate: where.gateId, code: err.code }, 'access scan refused');
      await recordRefusal(ctx, err, {
        ...where,
        offlineKey,
        scannedAt: timeOk ? scannedAt : now,
        ...(loc ? { lat: loc.lat, lng: loc.lng } : {}),
      });
    }
    throw err;
  }
}
