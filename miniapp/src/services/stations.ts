import Taro from '@tarojs/taro';
// Bundle rule: types only from the schemas file; run-time values only from the constants file.
import type { Amenity, StationType } from '@nuanxin/shared/stations/constants';
import type { NearestStation, Station, StationBox, StationPage } from '@nuanxin/shared/stations/schemas';
import { IS_WEAPP } from '../env';
import { api } from './api';
import { getLocation, type Position } from './location';
import { needsPrivacyAuthorization } from './privacy';

// ---------------------------------------------------------------------------------------------
// Filter chips → API filters

export type FilterKey = 'open' | 'is24h' | 'charging' | 'hot_water' | 'toilet' | 'battery_swap';

export interface StationFilters {
  /** Any of (the API ORs types). */
  types?: StationType[];
  /** All of (the API ANDs amenities). */
  amenities?: Amenity[];
  openNow?: boolean;
  /** Only stations open around the clock. */
  is24h?: boolean;
}

interface FilterChip {
  key: FilterKey;
  label: string;
  filters: StationFilters;
}

/** The chips of the 驿站 tab, in the order riders scan them. */
export const FILTER_CHIPS: readonly FilterChip[] = [
  { key: 'open', label: '营业中', filters: { openNow: true } },
  { key: 'is24h', label: '24小时', filters: { is24h: true } },
  { key: 'charging', label: '充电', filters: { amenities: ['charging'] } },
  { key: 'hot_water', label: '热水', filters: { amenities: ['hot_water'] } },
  { key: 'toilet', label: '卫生间', filters: { amenities: ['toilet'] } },
  { key: 'battery_swap', label: '换电', filters: { amenities: ['battery_swap'] } },
];

/** Selected chips as one set of API filters (chip order, no duplicates, empty parts left out). */
export function filtersFromChips(selected: readonly FilterKey[]): StationFilters {
  const types: StationType[] = [];
  const amenities: Amenity[] = [];
  let openNow = false;
  let is24h = false;
  for (const chip of FILTER_CHIPS) {
    if (!selected.includes(chip.key)) continue;
    for (const t of chip.filters.types ?? []) if (!types.includes(t)) types.push(t);
    for (const a of chip.filters.amenities ?? []) if (!amenities.includes(a)) amenities.push(a);
    if (chip.filters.openNow) openNow = true;
    if (chip.filters.is24h) is24h = true;
  }
  return {
    ...(types.length ? { types } : {}),
    ...(amenities.length ? { amenities } : {}),
    ...(openNow ? { openNow } : {}),
    ...(is24h ? { is24h } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Query strings (built here: Taro.request's GET serialisation of arrays differs per platform)

type QueryValue = string | number | boolean | readonly string[] | undefined;

/** `a=1&types=x&types=y`: arrays as repeated keys (what Fastify parses into an array). */
export function toQueryString(params: Record<string, QueryValue>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as readonly (string | number | boolean)[]) {
      parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  return parts.join('&');
}

/** Six decimals is ~0.1 m: plenty, and keeps the URL (and server logs) short. */
const coord = (n: number) => Math.round(n * 1e6) / 1e6;

function filterParams(filters: StationFilters): Record<string, QueryValue> {
  return {
    types: filters.types?.length ? filters.types : undefined,
    amenities: filters.amenities?.length ? filters.amenities : undefined,
    openNow: filters.openNow ? true : undefined,
    is24h: filters.is24h ? true : undefined,
  };
}

export interface NearbyParams {
  position: Pick<Position, 'latitude' | 'longitude' | 'coordSystem'>;
  filters?: StationFilters;
  /** Metres; the API default is 5 km. */
  radius?: number;
  limit?: number;
  cursor?: string | null;
}

export function nearbyQuery(p: NearbyParams): string {
  return toQueryString({
    lat: coord(p.position.latitude),
    lng: coord(p.position.longitude),
    // H5 positions are WGS-84 (browsers give nothing else); the server converts to GCJ-02.
    coord: p.position.coordSystem,
    radius: p.radius,
    limit: p.limit,
    ...filterParams(p.filters ?? {}),
    cursor: p.cursor ?? undefined,
  });
}

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

export const stationsApi = {
  nearby: (p: NearbyParams) => api.call<StationPage>('GET', `/api/v1/stations/nearby?${nearbyQuery(p)}`),
  /** 最近的全时驿站 that is open now (the API's defaults), or `item: null`. */
  nearest: (position: NearbyParams['position']) =>
    api.call<NearestStation>(
      'GET',
      `/api/v1/stations/nearest?${toQueryString({
        lat: coord(position.latitude),
        lng: coord(position.longitude),
        coord: position.coordSystem,
      })}`,
    ),
  /** The map viewport, GCJ-02 (the system of WeChat's map). */
  inBox: (box: Box, filters: StationFilters = {}) =>
    api.call<StationBox>(
      'GET',
      `/api/v1/stations/in-box?${toQueryString({
        south: coord(box.south),
        west: coord(box.west),
        north: coord(box.north),
        east: coord(box.east),
        ...filterParams(filters),
      })}`,
    ),
  get: (id: string) => api.call<Station>('GET', `/api/v1/stations/${encodeURIComponent(id)}`),
};

// ---------------------------------------------------------------------------------------------
// The rider's position, shared by home and the 驿站 tab

let last: { position: Position; at: number } | null = null;

/** Where the rider stands; reuses a fix younger than `maxAgeMs` (tab switches do not re-locate). */
export async function locateRider(maxAgeMs = 30_000): Promise<Position> {
  if (last && Date.now() - last.at < maxAgeMs) return last.position;
  const position = await getLocation();
  last = { position, at: Date.now() };
  return position;
}

/** For tests. */
export function forgetRiderPosition(): void {
  last = null;
}

/**
 * Whether the position can be read without any prompt (privacy guide agreed and location
 * allowed before). Home uses it to show the nearest station by itself, and otherwise shows a
 * button, so the app never opens with a permission dialog.
 */
export async function canLocateSilently(): Promise<boolean> {
  if (last) return true;
  try {
    if (IS_WEAPP) {
      if (await needsPrivacyAuthorization()) return false;
      const setting = await Taro.getSetting();
      return setting.authSetting['scope.userLocation'] === true;
    }
    const permissions = typeof navigator !== 'undefined' ? navigator.permissions : undefined;
    if (!permissions?.query) return false;
    const status = await permissions.query({ name: 'geolocation' as PermissionName });
    return status.state === 'granted';
  } catch {
    return false;
  }
}

/** weapp: the settings page, where a rider who once said no can allow location again. */
export function canOpenLocationSettings(): boolean {
  return IS_WEAPP;
}

export async function openLocationSettings(): Promise<boolean> {
  if (!IS_WEAPP) return false;
  try {
    const res = await Taro.openSetting();
    return res.authSetting['scope.userLocation'] === true;
  } catch {
    return false;
  }
}
