// Reading a building of the guide whatever its age. Pure, type imports only: client-safe (the
// mini-program bundles it), and the server normalises stored guides with it.
import type { GuideBuilding, GuideEntrance } from './schemas.js';

/**
 * The building's labelled entrances: `entrances` when present, else the single unlabelled
 * `entrance` of guides written before entrances had labels, else none.
 */
export function buildingEntrances(b: Pick<GuideBuilding, 'entrances' | 'entrance'>): GuideEntrance[] {
  if (b.entrances) return b.entrances;
  return b.entrance ? [{ lat: b.entrance.lat, lng: b.entrance.lng, label: '' }] : [];
}
