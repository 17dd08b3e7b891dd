import { eq } from 'drizzle-orm';
import type { ProfileBody, RiderProfile, Suspension } from '@nuanxin/shared/access/schemas';
import type { Platform, SuspenderRole, VehicleKind } from '@nuanxin/shared/access/constants';
import { riderProfiles } from '../db/schema/index.js';
import type { Db } from '../db/client.js';
import { badRequest, conflict } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { AccessContext } from './context.js';
import { idNumberHash } from './codes.js';
import { isValidPhone, isValidPlate, isValidResidentId, maskIdLast4, maskPhone } from './rules.js';

type ProfileRow = typeof riderProfiles.$inferSelect;

/** The suspension as the rider, its community admins and suspenders see it; null when not suspended. */
export function suspensionOf(
  row: Pick<ProfileRow, 'suspendedAt' | 'suspensionReason' | 'suspendedByRole'>,
): Suspension | null {
  if (!row.suspendedAt) return null;
  return {
    since: row.suspendedAt.toISOString(),
    reason: row.suspensionReason ?? '',
    // Rows suspended before roles were recorded (tests, scripts) count as the district's.
    byRole: (row.suspendedByRole as SuspenderRole | null) ?? 'district_admin',
  };
}

/** A rider's identity as anyone but the rider's own form sees it: phone and ID masked. */
export function maskedRider(row: ProfileRow) {
  return {
    realName: row.realName,
    phoneMasked: maskPhone(row.phone),
    idMasked: maskIdLast4(row.idLast4),
    platform: row.platform as Platform,
    stationName: row.stationName,
    vehicleKind: row.vehicleKind as VehicleKind,
    plate: row.plate,
  };
}

export function toProfile(row: ProfileRow): RiderProfile {
  return {
    ...maskedRider(row),
    suspended: row.suspendedAt !== null,
    suspension: suspensionOf(row),
  };
}

export async function loadProfile(db: Db, userId: string): Promise<ProfileRow | null> {
  const [row] = await db.select().from(riderProfiles).where(eq(riderProfiles.userId, userId));
  return row ?? null;
}

export async function getProfile(ctx: Acting<AccessContext>): Promise<RiderProfile | null> {
  const row = await loadProfile(ctx.db, ctx.actor.userId);
  return row ? toProfile(row) : null;
}

/**
 * Registers or edits the rider's identity. The ID number is checked (GB 11643 checksum), then
 * kept only as a keyed hash and its last four characters; one person, one account.
 */
export async function saveProfile(ctx: Acting<AccessContext>, input: ProfileBody): Promise<RiderProfile> {
  const { actor: principal } = ctx;
  const now = ctx.now();
  const realName = input.realName.trim();
  // Left out when editing: the stored number is kept (the form shows it masked, never in full).
  const phone = input.phone === undefined ? undefined : input.phone.replace(/[\s-]/g, '');
  const stationName = input.stationName.trim();
  const plate = input.plate?.trim().toUpperCase() || null;
  if (!realName) throw badRequest('VALIDATION_FAILED', '请填写真实姓名', 'realName');
  if (!stationName) throw badRequest('VALIDATION_FAILED', '请填写配送站点', 'stationName');
  if (phone !== undefined && !isValidPhone(phone)) throw badRequest('PHONE_INVALID', undefined, 'phone');
  if (plate && !isValidPlate(plate)) throw badRequest('PLATE_INVALID', undefined, 'plate');
  const idNumber = input.idNumber?.trim().toUpperCase();
  if (idNumber !== undefined && !isValidResidentId(idNumber, now))
    throw badRequest('ID_NUMBER_INVALID', undefined, 'idNumber');

  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(riderProfiles)
      .where(eq(riderProfiles.userId, principal.userId))
      .for('update');
    if (!existing && phone === undefined) throw badRequest('PHONE_INVALID', '请填写手机号', 'phone');
    if (!existing && idNumber === undefined) throw badRequest('ID_NUMBER_INVALID', '请填写身份证号', 'idNumber');
    const fields = {
      realName,
      ...(phone !== undefined ? { phone } : {}),
      platform: input.platform,
      stationName,
      vehicleKind: input.vehicleKind,
      plate,
      ...(idNumber ? { idNumberHash: idNumberHash(ctx.config, idNumber), idLast4: idNumber.slice(-4) } : {}),
    };
    if (fields.idNumberHash) {
      const [other] = await tx
        .select({ userId: riderProfiles.userId })
        .from(riderProfiles)
        .where(eq(riderProfiles.idNumberHash, fields.idNumberHash));
      if (other && other.userId !== principal.userId) throw conflict('ID_NUMBER_TAKEN');
    }
    let row: ProfileRow;
    if (existing) {
      [row] = (await tx
        .update(riderProfiles)
        .set({ ...fields, updatedAt: now })
        .where(eq(riderProfiles.userId, principal.userId))
        .returning()) as [ProfileRow];
    } else {
      [row] = (await tx
        .insert(riderProfiles)
        .values({
          userId: principal.userId,
          ...fields,
          phone: phone!,
          idNumberHash: fields.idNumberHash!,
          idLast4: fields.idLast4!,
        })
        .returning()) as [ProfileRow];
    }
    return toProfile(row);
  });
}
