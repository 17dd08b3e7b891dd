// Places a person recognises instead of coordinates (GET /places/describe), and picking a place
// when the phone will not say where it is (GET /places/search, /places/areas).
import { useEffect, useState } from 'react';
import type { PlaceAreas, PlaceDescription, PlaceHit, PlaceSearchResult } from '@nuanxin/shared/geo/places';
import { api } from './api';
import type { CoordSystem } from './location';

const q = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

/** Six decimals is ~0.1 m: plenty for the server, short in the URL. */
const six = (n: number) => String(Math.round(n * 1e6) / 1e6);

export const placesApi = {
  describe: (lat: number, lng: number, coord: CoordSystem = 'gcj02') =>
    api.call<PlaceDescription>('GET', `/api/v1/places/describe?${q({ lat: six(lat), lng: six(lng), coord })}`),
  search: (text: string) => api.call<PlaceSearchResult>('GET', `/api/v1/places/search?${q({ q: text })}`),
  areas: () => api.call<PlaceAreas>('GET', '/api/v1/places/areas'),
};

// One answer per rounded position (4 decimals, ~10 m) and system: a page that shows the same
// spot twice, or a re-render, asks once. A failure is forgotten so the next look asks again.
const described = new Map<string, Promise<PlaceDescription>>();
const keyOf = (lat: number, lng: number, coord: CoordSystem) => `${coord}:${lat.toFixed(4)},${lng.toFixed(4)}`;

export function describePlace(lat: number, lng: number, coord: CoordSystem = 'gcj02'): Promise<PlaceDescription> {
  const key = keyOf(lat, lng, coord);
  let answer = described.get(key);
  if (!answer) {
    answer = placesApi.describe(lat, lng, coord);
    described.set(key, answer);
    answer.catch(() => described.delete(key));
  }
  return answer;
}

/** For tests. */
export function forgetPlaces(): void {
  described.clear();
  chosen = null;
}

export interface PlaceState {
  place: PlaceDescription | null;
  loading: boolean;
  failed: boolean;
}

/** The place at a position (null/undefined: nothing to describe), described once per rounded position. */
export function usePlace(lat: number | null | undefined, lng: number | null | undefined, coord: CoordSystem = 'gcj02') {
  const [state, setState] = useState<PlaceState>({ place: null, loading: false, failed: false });
  const valid = typeof lat === 'number' && typeof lng === 'number' && Number.isFinite(lat) && Number.isFinite(lng);
  const key = valid ? keyOf(lat, lng, coord) : '';
  useEffect(() => {
    if (!valid) {
      setState({ place: null, loading: false, failed: false });
      return;
    }
    let live = true;
    setState({ place: null, loading: true, failed: false });
    describePlace(lat, lng, coord).then(
      (place) => live && setState({ place, loading: false, failed: false }),
      () => live && setState({ place: null, loading: false, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state;
}

// ---- The place chosen by hand (location refused): kept for this session of the app ----

export interface ChosenPlace {
  kind: PlaceHit['kind'];
  id: string;
  name: string;
  /** GCJ-02. */
  lat: number;
  lng: number;
}

let chosen: ChosenPlace | null = null;

export function rememberPlace(place: ChosenPlace | null): void {
  chosen = place;
}

export function chosenPlace(): ChosenPlace | null {
  return chosen;
}
