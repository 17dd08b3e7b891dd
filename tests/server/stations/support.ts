import { randomUUID } from 'node:crypto';
import type { StationInput } from '@nuanxin/shared/stations/schemas';
import type { Db } from '../../../server/src/db/client.js';
import { stations } from '../../../server/src/db/schema/index.js';
import { stationValues } from '../../../server/src/stations/index.js';

const EARTH_RADIUS_M = 6378168; // earthdistance's earth()

/** Great-circle metres exactly as earthdistance computes them (chord on its sphere → arc). */
export function earthDistanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const xyz = (p: { lat: number; lng: number }) => {
    const la = (p.lat * Math.PI) / 180;
    const lo = (p.lng * Math.PI) / 180;
    return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)].map((v) => v * EARTH_RADIUS_M);
  };
  const [p, q] = [xyz(a), xyz(b)];
  const chord = Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
  return 2 * EARTH_RADIUS_M * Math.asin(chord / (2 * EARTH_RADIUS_M));
}

export const ALWAYS: StationInput['hours'] = { is24h: true, weekly: [[], [], [], [], [], [], []], closures: [] };
export const week = (slots: { open: string; close: string }[]) => [0, 1, 2, 3, 4, 5, 6].map(() => slots);

export interface StationSpec extends Partial<Omit<StationInput, 'hours'>> {
  hours?: StationInput['hours'];
  districtId: string;
  streetId?: string | null;
  status?: 'open' | 'closed';
}

/** Inserts a station directly (no API), with the same derived columns the use cases write. */
export async function insertStation(db: Db, spec: StationSpec) {
  const id = randomUUID();
  const input = {
    name: spec.name ?? '测试驿站',
    type: spec.type ?? 'all_day',
    lat: spec.lat ?? 39.92,
    lng: spec.lng ?? 116.46,
    address: spec.address ?? '',
    hours: spec.hours ?? ALWAYS,
    amenities: spec.amenities ?? [],
    photos: spec.photos ?? [],
    ...(spec.counts ? { counts: spec.counts } : {}),
  };
  await db.insert(stations).values({
    id,
    externalId: spec.externalId ?? `t-${id}`,
    ...stationValues(input, { districtId: spec.districtId, streetId: spec.streetId ?? null }),
    status: spec.status ?? 'open',
  });
  return { id, ...input };
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
