import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Station, StationInput } from '@nuanxin/shared/stations/schemas';
import { stations } from '../db/schema/index.js';
import { inScope, type Acting } from '../auth/index.js';
import { AppError, badRequest, conflict, forbidden } from '../platform/app-error.js';
import { loadAreas } from './areas.js';
import { hoursProblems } from './hours.js';
import type { StationsContext } from './context.js';
import { findStation, toStation } from './queries.js';
import { stationValues } from './values.js';
import { recordAudit } from '../audit/index.js';
import { auditView } from './manage.js';

export function assertHours(input: Pick<StationInput, 'hours'>) {
  const [problem] = hoursProblems(input.hours);
  if (problem) throw badRequest('HOURS_INVALID', problem.reason, problem.field);
}

/** A district admin adds a station in its district, a street operator in its street. */
export async function createStation(ctx: Acting<StationsContext>, input: StationInput): Promise<Station> {
  assertHours(input);
  return ctx.db.transaction(async (tx) => {
    const areas = await loadAreas(tx);
    const place = areas.place({ lat: input.lat, lng: input.lng, streetId: input.streetId ?? null });
    if (!place.ok)
      throw new AppError(place.field === 'streetId' ? 400 : 422, 'OUTSIDE_SERVICE_AREA', place.reason, place.field);
    if (!inScope(ctx.actor, place)) throw forbidden('OUT_OF_SCOPE');
    const id = randomUUID();
    const externalId = input.externalId ?? `nx-${id}`;
    const [taken] = await tx.select({ id: stations.id }).from(stations).where(eq(stations.externalId, externalId));
    if (taken) throw conflict('EXTERNAL_ID_TAKEN');
    const at = ctx.now();
    await tx.insert(stations).values({ id, externalId, ...stationValues(input, place), createdAt: at, updatedAt: at });
    const created = toStation((await findStation(tx, id, at))!);
    await recordAudit(tx, {
      actor: ctx.actor,
      at,
      action: 'station.create',
      target: { kind: 'station', id },
      place,
      after: auditView(created),
    });
    return created;
  });
}
