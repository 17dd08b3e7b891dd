import { eq } from 'drizzle-orm';
import type { Station, StationPatch } from '@nuanxin/shared/stations/schemas';
import type { Db } from '../db/client.js';
import { stations } from '../db/schema/index.js';
import { inScope, type Acting, type Principal } from '../auth/index.js';
import { AppError, forbidden, notFound } from '../platform/app-error.js';
import { loadAreas } from './areas.js';
import { assertHours } from './create.js';
import type { StationsContext } from './context.js';
import { findStation, toStation, type StationRow } from './queries.js';
import { stationValues } from './values.js';
import { recordAudit } from '../audit/index.js';
import { auditView } from './manage.js';

export async function loadInScope(db: Db, principal: Principal, id: string, at: Date): Promise<StationRow> {
  const row = await findStation(db, id, at);
  if (!row) throw notFound();
  if (!inScope(principal, { districtId: row.district_id, streetId: row.street_id })) throw forbidden('OUT_OF_SCOPE');
  return row;
}

/** Changes what is sent; a move is re-placed in its street and must stay within the caller's scope. */
export async function updateStation(
  ctx: Acting<StationsContext>,
  input: { id: string; patch: StationPatch },
): Promise<Station> {
  const { id, patch } = input;
  return ctx.db.transaction(async (tx) => {
    const current = toStation(await loadInScope(tx, ctx.actor, id, ctx.now()));
    const merged = {
      ...current,
      ...patch,
      counts: patch.counts ?? current.counts,
      contact: patch.contact ?? current.contact,
    };
    assertHours(merged);
    const moved = patch.lat !== undefined || patch.lng !== undefined || patch.streetId !== undefined;
    let place = { streetId: current.streetId, districtId: current.districtId };
    if (moved) {
      const areas = await loadAreas(tx);
      const placed = areas.place({ lat: merged.lat, lng: merged.lng, streetId: patch.streetId ?? null });
      if (!placed.ok)
        throw new AppError(
          placed.field === 'streetId' ? 400 : 422,
          'OUTSIDE_SERVICE_AREA',
          placed.reason,
          placed.field,
        );
      if (!inScope(ctx.actor, placed)) throw forbidden('OUT_OF_SCOPE');
      place = placed;
    }
    const at = ctx.now();
    await tx
      .update(stations)
      .set({ ...stationValues(merged, place), updatedAt: at })
      .where(eq(stations.id, id));
    const after = toStation((await findStation(tx, id, at))!);
    await recordAudit(tx, {
      actor: ctx.actor,
      at,
      action: 'station.update',
      target: { kind: 'station', id },
      place: { districtId: after.districtId, streetId: after.streetId },
      before: auditView(current),
      after: auditView(after),
    });
    return after;
  });
}
