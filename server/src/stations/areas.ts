import type { Db } from '../db/client.js';
import type { LngLat } from '../db/schema/types.js';

export interface Area {
  id: string;
  code: string;
  boundary: LngLat[] | null;
}
export interface StreetArea extends Area {
  districtId: string;
}

/** Ray casting on the GCJ-02 ring (x = lng, y = lat); plenty at street scale. */
export function insideRing(ring: LngLat[], lat: number, lng: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.lat > lat !== b.lat > lat && lng < ((b.lng - a.lng) * (lat - a.lat)) / (b.lat - a.lat) + a.lng)
      inside = !inside;
  }
  return inside;
}

/** The districts and streets with their boundaries: plain data, so a worker thread can place rows too. */
export interface AreaData {
  districts: Area[];
  streets: StreetArea[];
}

/** Reads every district and street with its boundary (see areasFrom). */
export async function loadAreaData(db: Db): Promise<AreaData> {
  // One after the other: inside a PGlite transaction there is a single connection.
  const districtRows = await db.query.districts.findMany({ columns: { id: true, adcode: true, boundary: true } });
  const streetRows = await db.query.streets.findMany({
    columns: { id: true, code: true, districtId: true, boundary: true },
  });
  return {
    districts: districtRows.map((d) => ({ id: d.id, code: d.adcode, boundary: d.boundary })),
    streets: streetRows.map((s) => ({ id: s.id, code: s.code, districtId: s.districtId, boundary: s.boundary })),
  };
}

/**
 * The districts and streets, loaded once, to place stations: by explicit street/district code,
 * or else by which boundary covers the point. Loaded in memory because an import places
 * thousands of points against a few hundred polygons.
 */
export async function loadAreas(db: Db) {
  return areasFrom(await loadAreaData(db));
}

/** Placing points among the given areas (pure: loadAreas for the database's). */
export function areasFrom({ districts, streets }: AreaData) {
  const byStreetId = new Map(streets.map((s) => [s.id, s]));
  const byStreetCode = new Map(streets.map((s) => [s.code, s]));
  const byDistrictCode = new Map(districts.map((d) => [d.code, d]));
  const covering = <T extends Area>(list: T[], lat: number, lng: number) =>
    list.find((a) => a.boundary && a.boundary.length >= 3 && insideRing(a.boundary, lat, lng));

  return {
    /** Street and district of a point, or a reason. */
    place(p: {
      lat: number;
      lng: number;
      streetId?: string | null;
      streetCode?: string;
      districtCode?: string;
    }): { ok: true; streetId: string | null; districtId: string } | { ok: false; field: string; reason: string } {
      if (p.streetId) {
        const s = byStreetId.get(p.streetId);
        return s
          ? { ok: true, streetId: s.id, districtId: s.districtId }
          : { ok: false, field: 'streetId', reason: '街道不存在' };
      }
      if (p.streetCode) {
        const s = byStreetCode.get(p.streetCode);
        return s
          ? { ok: true, streetId: s.id, districtId: s.districtId }
          : { ok: false, field: 'street_code', reason: `没有编码为 ${p.streetCode} 的街道` };
      }
      const street = covering(streets, p.lat, p.lng);
      if (p.districtCode) {
        const d = byDistrictCode.get(p.districtCode);
        if (!d) return { ok: false, field: 'district_adcode', reason: `没有编码为 ${p.districtCode} 的区` };
        return { ok: true, streetId: street && street.districtId === d.id ? street.id : null, districtId: d.id };
      }
      if (street) return { ok: true, streetId: street.id, districtId: street.districtId };
      const district = covering(districts, p.lat, p.lng);
      if (district) return { ok: true, streetId: null, districtId: district.id };
      return { ok: false, field: 'lat', reason: '该位置不在已登记的区或街道内' };
    },
  };
}
export type Areas = ReturnType<typeof areasFrom>;
