import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { CreateGateBody, DeviceKey, Gate, UpdateGateBody } from '@nuanxin/shared/access/schemas';
import type { GateKind } from '@nuanxin/shared/access/constants';
import { gates } from '../db/schema/index.js';
import { badRequest, notFound } from '../platform/app-error.js';
import { sha256 } from '../auth/tokens.js';
import type { Principal } from '../auth/principal.js';
import { type AccessContext, communitiesInScope } from './context.js';
import { gateCodeUrl } from './codes.js';
import { validCoordinate } from './rules.js';

// Gate management for community admins: one use case per exported function, all scoped by
// the gate's community.

type GateRow = typeof gates.$inferSelect;

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
    hasDeviceKey: row.deviceKeyHash !== null,
  };
}

/** The gate and its community, if the principal covers that community. */
export async function gateInScope(ctx: AccessContext, principal: Principal, gateId: string) {
  const [row] = await ctx.db.select().from(gates).where(eq(gates.id, gateId));
  if (!row) throw notFound('GATE_UNKNOWN');
  const [community] = await communitiesInScope(ctx.db, principal, [row.communityId]);
  return { gate: row, community: community! };
}

export async function listGates(ctx: AccessContext, principal: Principal, communityId: string): Promise<Gate[]> {
  await communitiesInScope(ctx.db, principal, [communityId]);
  const rows = await ctx.db.select().from(gates).where(eq(gates.communityId, communityId)).orderBy(asc(gates.name));
  return rows.map((r) => toGate(ctx, r));
}

function checkLocation(lat: number | undefined, lng: number | undefined) {
  if (lat !== undefined && lng !== undefined && !validCoordinate(lat, lng)) {
    throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, 'lat');
  }
}

export async function createGate(
  ctx: AccessContext,
  principal: Principal,
  communityId: string,
  input: CreateGateBody,
): Promise<Gate> {
  await communitiesInScope(ctx.db, principal, [communityId]);
  checkLocation(input.lat, input.lng);
  const [row] = await ctx.db
    .insert(gates)
    .values({ communityId, name: input.name.trim(), kind: input.kind, lat: input.lat, lng: input.lng })
    .returning();
  return toGate(ctx, row!);
}

export async function updateGate(
  ctx: AccessContext,
  principal: Principal,
  gateId: string,
  input: UpdateGateBody,
): Promise<Gate> {
  const { gate } = await gateInScope(ctx, principal, gateId);
  checkLocation(input.lat ?? gate.lat, input.lng ?? gate.lng);
  const [row] = await ctx.db
    .update(gates)
    .set({ ...input, ...(input.name ? { name: input.name.trim() } : {}), updatedAt: sql`now()` })
    .where(eq(gates.id, gateId))
    .returning();
  return toGate(ctx, row!);
}

/** Regenerates the printed code: the version bump makes every older poster of this gate invalid. */
export async function regenerateGateCode(ctx: AccessContext, principal: Principal, gateId: string): Promise<Gate> {
  await gateInScope(ctx, principal, gateId);
  const [row] = await ctx.db
    .update(gates)
    .set({ codeVersion: sql`${gates.codeVersion} + 1`, updatedAt: sql`now()` })
    .where(eq(gates.id, gateId))
    .returning();
  return toGate(ctx, row!);
}

/** A new device key for a smart gate; shown once, stored as a hash; the old key stops working. */
export async function issueDeviceKey(ctx: AccessContext, principal: Principal, gateId: string): Promise<DeviceKey> {
  const { gate } = await gateInScope(ctx, principal, gateId);
  if (gate.kind !== 'smart') throw badRequest('VALIDATION_FAILED', '只有智能道闸需要设备密钥', 'gateId');
  const deviceKey = `nxd_${randomBytes(24).toString('base64url')}`;
  await ctx.db
    .update(gates)
    .set({ deviceKeyHash: sha256(deviceKey), updatedAt: sql`now()` })
    .where(eq(gates.id, gateId));
  return { gateId, deviceKey };
}
