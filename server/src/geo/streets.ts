import { eq } from 'drizzle-orm';
import type { StreetCreateBody, StreetPatchBody, StreetSummary } from '@nuanxin/shared/geo/schemas';
import { ORG_NAME_MAX } from '@nuanxin/shared/geo/constants';
import type { Db } from '../db/client.js';
import { streets } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { GeoContext } from './context.js';
import { checkCode, requiredText } from './place.js';

type StreetRow = typeof streets.$inferSelect;

const summary = (s: StreetRow): StreetSummary => ({
  id: s.id,
  districtId: s.districtId,
  code: s.code,
  name: s.name,
  hasBoundary: s.boundary != null,
  active: s.active,
});
const audited = (s: StreetRow) => ({ code: s.code, name: s.name, active: s.active });

/**
 * A district admin adds a 街道 to its district (the only one it has, or the `districtId` it names).
 * The code is the 街道's official code, unique across districts; the boundary comes with the upload.
 */
export async function createStreet(ctx: Acting<GeoContext>, input: StreetCreateBody): Promise<StreetSummary> {
  const { actor } = ctx;
  if (actor.districtIds.length === 0) throw forbidden('OUT_OF_SCOPE');
  const code = checkCode(input.code, 'code', '街道编号');
  const name = requiredText(input.name, 'name', '街道名称', ORG_NAME_MAX);
  let districtId = input.districtId;
  if (!districtId) {
    if (actor.districtIds.length > 1) throw badRequest('VALIDATION_FAILED', '请选择所属的区', 'districtId');
    districtId = actor.districtIds[0]!;
  }
  if (!actor.districtIds.includes(districtId)) throw forbidden('OUT_OF_SCOPE');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(streets)
      .values({ districtId, code, name, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: streets.code })
      .returning();
    if (!row) throw conflict('STREET_CODE_TAKEN', `街道编号 ${code} 已存在`);
    await recordAudit(tx as unknown as Db, {
      actor,
      at: now,
      action: 'street.create',
      target: { kind: 'street', id: row.id },
      place: { districtId, streetId: row.id },
      after: audited(row),
    });
    return summary(row);
  });
}

/** Rename, deactivate or reactivate a street of the admin's district. */
export async function updateStreet(
  ctx: Acting<GeoContext>,
  input: StreetPatchBody & { id: string },
): Promise<StreetSummary> {
  const { actor } = ctx;
  const name = input.name === undefined ? undefined : requiredText(input.name, 'name', '街道名称', ORG_NAME_MAX);
  if (name === undefined && input.active === undefined) throw badRequest('NOTHING_TO_UPDATE');
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(streets).where(eq(streets.id, input.id)).for('update');
    if (!before) throw notFound('NOT_FOUND', '街道不存在');
    if (!actor.districtIds.includes(before.districtId)) throw forbidden('OUT_OF_SCOPE');
    const [after] = await tx
      .update(streets)
      .set({ name: name ?? before.name, active: input.active ?? before.active, updatedAt: now })
      .where(eq(streets.id, before.id))
      .returning();
    await recordAudit(tx as unknown as Db, {
      actor,
      at: now,
      action: input.active === false && before.active ? 'street.deactivate' : 'street.update',
      target: { kind: 'street', id: before.id },
      place: { districtId: before.districtId, streetId: before.id },
      before: audited(before),
      after: audited(after!),
    });
    return summary(after!);
  });
}
