import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { CreateGateBody, DeviceKey, Gate, UpdateGateBody } from '@nuanxin/shared/access/schemas';
import type { GateKind } from '@nuanxin/shared/access/constants';
import { gates } from '../db/schema/index.js';
import { badRequest, notFound } from '../platform/app-error.js';
import { sha256, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { Db } from '../db/client.js';
import { type AccessContext, communitiesInScope } from './context.js';
import { gateCodeUrl } from './codes.js';
import { validCoordinate } from './rules.js';

// Gate management for community admins: one use case per exported function, all scoped by
// the gate's community.

type GateRow = typeof gates.$inferSelect;

/** What the audit log keeps of a gate (never its device key hash). */
const auditGate = (g: GateRow) => ({
  name: g.name,
  kind: g.kind,
  lat: g.lat,
  lng: g.lng,
  active: g.active,
  codeVersion: g.codeVersion,
});

/** One audit row for a gate write, in the write's transaction. */
function auditGateWrite(ctx: Acting<AccessContext>, tx: Db, action: string, before: GateRow | null, after: GateRow) {
  return recordAudit(tx, {
    actor: ctx.actor,
    at: ctx.now(),
    action,
    target: { kind: 'gate', id: after.id },
    place: { communityId: after.communityId },
    before: before && auditGate(before),
    after: auditGate(after),
  });
}

export function toGate(ctx: AccessContext, row: GateRow): Gate {
  return {
    id: row.id,
    communityId: row.communityId,
    name: row.name,
    kind: row.kind as GateKind,
    lat: row.lat,
    lng: row.lng,
    active: row.active,
    codeVersion: row.codeVersion,
    codeUrl: gateCodeUrl(ctx.config, row.id, row.codeVersion),
    gateNumber: row.shortCode,
    hasDeviceKey: row.deviceKeyHash !== null,
  };
}

/** The gate and its community, if the caller covers that community. */
export async function gateInScope(ctx: Acting<AccessContext>, gateId: string) {
  const [row] = await ctx.db.select().from(gates).where(eq(gates.id, gateId));
  if (!row) throw notFound('GATE_UNKNOWN');
  const [community] = await communitiesInScope(ctx.db, ctx.actor, [row.communityId]);
  return { gate: row, community: community! };
}

export async function listGates(ctx: Acting<AccessContext>, input: { communityId: string }): Promise<Gate[]> {
  const { communityId } = input;
  await communitiesInScope(ctx.db, ctx.actor, [communityId]);
  const rows = await ctx.db.select().from(gates).where(eq(gates.communityId, communityId)).orderBy(asc(gates.name));
  return rows.map((r) => toGate(ctx, r));
}

function checkLocation(lat: number | undefined, lng: number | undefined) {
  if (lat !== undefined && lng !== undefined && !validCoordinate(lat, lng)) {
    throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, 'lat');
  }
}

export async function createGate(
  ctx: Acting<AccessContext>,
  input: { communityId: string } & CreateGateBody,
): Promise<Gate> {
  const { communityId } = input;
  await communitiesInScope(ctx.db, ctx.actor, [communityId]);
  checkLocation(input.lat, input.lng);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(gates)
      .values({ communityId, name: input.name.trim(), kind: input.kind, lat: input.lat, lng: input.lng })
      .returning();
    await auditGateWrite(ctx, tx as unknown as Db, 'gate.create', null, created!);
    return created!;
  });
  return toGate(ctx, row);
}

export async function updateGate(
  ctx: Acting<AccessContext>,
  input: { id: string; patch: UpdateGateBody },
): Promise<Gate> {
  const { id: gateId, patch } = input;
  const { gate } = await gateInScope(ctx, gateId);
  checkLocation(patch.lat ?? gate.lat, patch.lng ?? gate.lng);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(gates)
      .set({ ...patch, ...(patch.name ? { name: patch.name.trim() } : {}), updatedAt: ctx.now() })
      .where(eq(gates.id, gateId))
      .returning();
    await auditGateWrite(ctx, tx as unknown as Db, 'gate.update', gate, updated!);
    return updated!;
  });
  return toGate(ctx, row);
}

/** Regenerates the printed code: the version bump makes every older poster of this gate invalid. */
export async function regenerateGateCode(ctx: Acting<AccessContext>, input: { id: string }): Promise<Gate> {
  const gateId = input.id;
  const { gate } = await gateInScope(ctx, gateId);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(gates)
      // The 门岗号 goes with the old posters; the next poster gets a new one.
      .set({ codeVersion: sql`${gates.codeVersion} + 1`, shortCode: null, updatedAt: ctx.now() })
      .where(eq(gates.id, gateId))
      .returning();
    await auditGateWrite(ctx, tx as unknown as Db, 'gate.code_regenerate', gate, updated!);
    return updated!;
  });
  return toGate(ctx, row);
}

/** A new device key for a smart gate; shown once, stored as a hash; the old key stops working. */
export async function issueDeviceKey(ctx: Acting<AccessContext>, input: { id: string }): Promise<DeviceKey> {
  const gateId = input.id;
  const { gate } = await gateInScope(ctx, gateId);
  if (gate.kind !== 'smart') throw badRequest('VALIDATION_FAILED', '只有智能道闸需要设备密钥', 'gateId');
  const deviceKey = `nxd_${randomBytes(24).toString('base64url')}`;
  await ctx.db
    .update(gates)
    .set({ deviceKeyHash: sha256(deviceKey), updatedAt: ctx.now() })
    .where(eq(gates.id, gateId));
  return { gateId, deviceKey };
}
