// WGS-84 ↔ GCJ-02 (the "Mars" datum of Chinese maps and wx.getLocation type 'gcj02').
// The standard public transform (as in eviltransform): pure functions, no imports, client-safe.
// Points are objects, never positional (lat, lng) pairs, so the two orders cannot be mixed up.
// Outside mainland China the two datums coincide and points pass through unchanged.

const A = 6378245.0; // Krasovsky 1940 semi-major axis
const EE = 0.00669342162296594323; // its eccentricity squared

export interface LatLng {
  lat: number;
  lng: number;
}

/** Rough mainland bounding box; the transform is defined only inside it. */
export function outOfChina({ lat, lng }: LatLng): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return ret;
}

function transformLng(x: number, y: number): number {
  let ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  ret += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  ret += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return ret;
}

function delta(lat: number, lng: number): LatLng {
  let dLat = transformLat(lng - 105.0, lat - 35.0);
  let dLng = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  dLat = (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  dLng = (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: dLat, lng: dLng };
}

/** GPS (WGS-84) → GCJ-02. */
export function wgs84ToGcj02({ lat, lng }: LatLng): LatLng {
  if (outOfChina({ lat, lng })) return { lat, lng };
  const d = delta(lat, lng);
  return { lat: lat + d.lat, lng: lng + d.lng };
}

/**
 * GCJ-02 → WGS-84 by fixed-point iteration on the forward transform: converges to well under a
 * centimetre in a few steps (the one-step inverse is off by up to a few metres).
 */
export function gcj02ToWgs84({ lat, lng }: LatLng): LatLng {
  if (outOfChina({ lat, lng })) return { lat, lng };
  let wLat = lat;
  let wLng = lng;
  for (let i = 0; i < 10; i++) {
    const g = wgs84ToGcj02({ lat: wLat, lng: wLng });
    const dLat = g.lat - lat;
    const dLng = g.lng - lng;
    wLat -= dLat;
    wLng -= dLng;
    if (Math.abs(dLat) < 1e-10 && Math.abs(dLng) < 1e-10) break;
  }
  return { lat: wLat, lng: wLng };
}
