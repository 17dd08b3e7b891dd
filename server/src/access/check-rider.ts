import { eq } from 'drizzle-orm';
import { STAFF_DENY_MESSAGES, type Platform, type VehicleKind } from '@nuanxin/shared/access/constants';
import type { RiderCheckBody, RiderCheckResult } from '@nuanxin/shared/access/schemas';
import { accessEvents, communities, gates, riderProfiles } from '../db/schema/index.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import type { AccessCaller } from './context.js';
import { verifyRiderCode } from './codes.js';
import { maskName, maskPhone } from './rules.js';
import type { Decision } from './scan.js';
import { preparedStatement } from '../db/prepared.js';

/** The rules of access (access_decision, sql/access_decision.sql) for rider $1 at community $2. */
const riderCheckDecision = preparedStatement<{ reason: Decision }>(
  'access_rider_check_decision',
  `select access_decision(true, $3::boolean, p.status, p.expires_at, $4::timestamptz,
            exists (select 1 from passes op where op.rider_id = $1::uuid and op.status = 'approved'),
            false, 0, null) as reason
     from (values (1)) as one
     left join passes p on p.rider_id = $1::uuid and p.community_id = $2::uuid`,
);

// A code is accepted once. access_events is partitioned by day and cannot hold a unique key
// without the day (a code checked at 23:59:59 and replayed at 00:00:01 lands in two partitions),
// so the nonce is claimed in access_code_nonces in the same statement as the event: of two guards
// at the same moment, the second waits on the key and then writes nothing (a replay).
const claimNonce = preparedStatement<{ id: string }>(
  'access_rider_check_claim',
  `with claim as (
     insert into access_code_nonces (nonce, event_id, created_at)
     values ($1::text, gen_random_uuid(), $2::timestamptz)
     on conflict (nonce) do nothing
     returning event_id
   )
   insert into access_events (id, gate_id, community_id, rider_id, method, granted, reason, checked_by, code_nonce, scanned_at, created_at)
   select claim.event_id, $3::uuid, $4::uuid, $5::uuid, 'rider_code', $6::boolean, $7::text, $8::uuid, $1::text, $2::timestamptz, $2::timestamptz
     from claim
   returning id`,
);

/** The check that already used a nonce, if any. */
const seenNonce = preparedStatement<{
  id: string;
  reason: string;
  checked_by: string | null;
  community_id: string | null;
}>(
  'access_rider_check_seen',
  `select e.id, e.reason, e.checked_by, e.community_id
     from access_code_nonces n
     join access_events e on e.id = n.event_id and e.created_at = n.created_at
    where n.nonce = $1`,
);

/**
 * A guard (a gate guard, or a community admin at its gate) scans a rider's rotating code at a guarded gate and gets the rider's
 * masked details and the decision for the guard's community. Each code is accepted once: the
 * nonce is stored with the event, and a second use elsewhere is a replay.
 */
export async function checkRiderCode(ctx: AccessCaller, input: RiderCheckBody): Promise<RiderCheckResult> {
  const { actor: principal, log } = ctx;
  const now = ctx.now();
  let communityId: string;
  let gateId: string | null = null;
  // A gate guard checks at its own gates only; a community admin at any gate of its communities.
  const guard = principal.role === 'gate_guard';
  if (input.gateId) {
    const [gate] = await ctx.db.select().from(gates).where(eq(gates.id, input.gateId));
    if (!gate) throw notFound('GATE_UNKNOWN');
    const mine = guard ? principal.gateIds.includes(gate.id) : principal.communityIds.includes(gate.communityId);
    if (!mine) throw forbidden('NOT_A_GUARD_GATE');
    communityId = gate.communityId;
    gateId = gate.id;
  } else if (guard) {
    if (principal.gateIds.length !== 1) throw badRequest('VALIDATION_FAILED', '请选择所在门岗', 'gateId');
    const [gate] = await ctx.db.select().from(gates).where(eq(gates.id, principal.gateIds[0]!));
    if (!gate) throw notFound('GATE_UNKNOWN');
    communityId = gate.communityId;
    gateId = gate.id;
  } else {
    if (principal.communityIds.length !== 1) throw badRequest('VALIDATION_FAILED', '请选择所在门岗', 'gateId');
    communityId = principal.communityIds[0]!;
  }
  const [community] = await ctx.db
    .select({ id: communities.id, name: communities.name })
    .from(communities)
    .where(eq(communities.id, communityId));
  if (!community) throw notFound();

  let code;
  try {
    code = verifyRiderCode(ctx.config, input.code, now);
  } catch (err) {
    if (err instanceof AppError) {
      log?.warn({ guard: principal.userId, code: err.code }, 'rider code refused');
      await ctx.db.insert(accessEvents).values({
        gateId,
        communityId,
        riderId: null,
        method: 'rider_code',
        granted: false,
        reason: err.code,
        checkedBy: principal.userId,
        scannedAt: now,
        createdAt: now,
      });
    }
    throw err;
  }

  const [seen] = await seenNonce(ctx.db, [code.nonce]);
  const [profile] = await ctx.db.select().from(riderProfiles).where(eq(riderProfiles.userId, code.userId));
  if (!profile) throw badRequest('RIDER_CODE_INVALID', undefined, 'code');
  const rider = {
    nameMasked: maskName(profile.realName),
    platform: profile.platform as Platform,
    stationName: profile.stationName,
    vehicleKind: profile.vehicleKind as VehicleKind,
    plateMasked: profile.plate ? `${profile.plate.slice(0, 2)}***${profile.plate.slice(-2)}` : null,
    phoneMasked: maskPhone(profile.phone),
  };
  const answer = (eventId: string, reason: string): RiderCheckResult => ({
    eventId,
    granted: reason === 'GRANTED',
    reason: reason as RiderCheckResult['reason'],
    // Read by the guard, about the rider ("该骑手的通行证…"), not the rider's own wording.
    message: reason === 'GRANTED' ? '已准入' : STAFF_DENY_MESSAGES[reason as keyof typeof STAFF_DENY_MESSAGES],
    community,
    rider,
  });
  if (seen) {
    // The same guard scanning the same code twice is one check; anyone else is replaying it.
    if (seen.checked_by === principal.userId && seen.community_id === communityId) return answer(seen.id, seen.reason);
    log?.warn({ guard: principal.userId, code: 'RIDER_CODE_REPLAYED' }, 'rider code replayed');
    throw conflict('RIDER_CODE_REPLAYED');
  }

  // The guard stands at the gate: no location rule for a person-checked entry.
  const [decision] = await riderCheckDecision(ctx.db, [
    code.userId,
    communityId,
    profile.suspendedAt !== null,
    now.toISOString(),
  ]);
  const reason = decision!.reason;
  const inserted = await claimNonce(ctx.db, [
    code.nonce,
    now.toISOString(),
    gateId,
    communityId,
    code.userId,
    reason === 'GRANTED',
    reason,
    principal.userId,
  ]);
  // Lost a race with another guard for the same nonce: that one was first, this is a replay.
  if (inserted.length === 0) throw conflict('RIDER_CODE_REPLAYED');
  return answer(inserted[0]!.id, reason);
}
