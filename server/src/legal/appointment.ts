import { and, eq, sql } from 'drizzle-orm';
import type { AppointmentBody, CaseDetail } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import { stations } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { auditStep, tellRider } from './messages.js';
import { applyStep, mediatorStep } from './workflow.js';

/**
 * 预约面谈: a time (not in the past) and a place — a station of the district with a 法律咨询 room,
 * or a place typed by hand (the centre itself).
 */
export async function appointCase(
  ctx: Acting<LegalContext>,
  input: AppointmentBody & { id: string },
): Promise<CaseDetail> {
  const at = new Date(input.at);
  const typed = (input.place ?? '').trim();
  if (!input.stationId && !typed) throw badRequest('APPOINTMENT_PLACE_REQUIRED', undefined, 'place');
  return mediatorStep(ctx, input.id, async (tx, c, now) => {
    if (at.getTime() < now.getTime()) throw badRequest('APPOINTMENT_IN_PAST', undefined, 'at');
    let place = typed;
    if (input.stationId) {
      const [station] = await tx
        .select({ name: stations.name, address: stations.address })
        .from(stations)
        .where(
          and(
            eq(stations.id, input.stationId),
            eq(stations.districtId, c.districtId),
            sql`'legal_advice' = any(${stations.amenities})`,
          ),
        );
      if (!station) throw badRequest('STATION_NOT_IN_DISTRICT', undefined, 'stationId');
      place = typed ? `${station.name}（${typed}）` : `${station.name} 法律咨询室`;
    }
    const updateId = await applyStep(tx, c, 'appointment', ctx.actor, now, {
      appointmentAt: at,
      appointmentPlace: place,
      stationId: input.stationId ?? null,
      note: (input.note ?? '').trim(),
    });
    await auditStep(tx, ctx.actor, c, 'appointment', now, { state: c.state }, { state: c.state, at: at.toISOString() });
    await tellRider(tx, c, updateId, { step: 'appointment', at, place }, now);
  });
}
