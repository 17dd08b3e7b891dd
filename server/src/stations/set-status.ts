import { eq } from 'drizzle-orm';
import type { Station, StatusBody } from '@nuanxin/shared/stations/schemas';
import { stations } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import type { StationsContext } from './context.js';
import { findStation, toStation } from './queries.js';
import { loadInScope } from './update.js';
import { recordAudit } from '../audit/index.js';

/** Temporarily close (with a note saying why and until when) or reopen. */
export async function setStationStatus(
  ctx: Acting<StationsContext>,
  input: { id: string } & StatusBody,
): Promise<Station> {
  const { id } = input;
  return ctx.db.transaction(async (tx) => {
    const at = ctx.now();
    const before = toStation(await loadInScope(tx, ctx.actor, id, at));
    await tx
      .update(stations)
      .set({ status: input.status, statusNote: input.note?.trim() || null, updatedAt: at })
      .where(eq(stations.id, id));
    const after = toStation((await findStation(tx, id, at))!);
    await recordAudit(tx, {
      actor: ctx.actor,
      at,
      action: input.status === 'closed' ? 'station.close' : 'station.reopen',
      target: { kind: 'station', id },
      place: { districtId: after.districtId, streetId: after.streetId },
      before: { status: before.status, statusNote: before.statusNote },
      after: { status: after.status, statusNote: after.statusNote },
    });
    return after;
  });
}
