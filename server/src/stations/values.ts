import type { StationInput } from '@nuanxin/shared/stations/schemas';
import type { stations } from '../db/schema/index.js';
import { closedDatesLiteral, openMinutesLiteral } from './hours.js';

type Insert = typeof stations.$inferInsert;

/** The columns an input sets, with the derived "open" ranges. Status is not part of an input. */
export function stationValues(
  input: Omit<StationInput, 'externalId' | 'streetId'>,
  place: { streetId: string | null; districtId: string },
): Omit<Insert, 'externalId'> {
  return {
    name: input.name.trim(),
    type: input.type,
    lat: input.lat,
    lng: input.lng,
    address: input.address.trim(),
    districtId: place.districtId,
    streetId: place.streetId,
    is24h: input.hours.is24h,
    weekly: input.hours.weekly,
    closures: input.hours.closures,
    openMinutes: openMinutesLiteral(input.hours),
    closedDates: closedDatesLiteral(input.hours.closures),
    amenities: [...new Set(input.amenities)],
    seats: input.counts?.seats ?? null,
    chargingPorts: input.counts?.chargingPorts ?? null,
    swapPorts: input.counts?.swapPorts ?? null,
    contactName: input.contact?.name ?? null,
    contactPhone: input.contact?.phone ?? null,
    photos: input.photos,
  };
}
