import type { MapLayers } from '@nuanxin/shared/geo/schemas';

export interface MapScope {
  kind: 'street' | 'district';
  id: string;
  name: string;
}

/**
 * The layers of the scope only: a district's outline and streets, or one street's outline; the
 * stations inside it (a street's by its name, the only street the map layers carry). Communities
 * are left out (hundreds of dots say nothing at district scale).
 */
export function scopeLayers(layers: MapLayers | null, scope: MapScope): MapLayers | null {
  if (!layers) return null;
  const features = layers.features.filter((f) => {
    const k = f.properties.kind;
    if (k === 'community') return false;
    if (scope.kind === 'district') return true;
    if (k === 'district') return false;
    if (k === 'street') return f.properties.id === scope.id;
    return f.properties.streetName === scope.name;
  });
  return { ...layers, features };
}

/**
 * The box [west, south, east, north] to frame: the scope's own outline (the street's, or the
 * district's), or with `streets` the district's streets together (where the street figures are;
 * the same box where the streets tile the district).
 */
export function scopeBounds(layers: MapLayers | null, scope: MapScope, streets = false): number[] | null {
  if (!layers) return null;
  const outlines = layers.features.filter(
    (f) =>
      f.geometry.type === 'Polygon' &&
      (streets && scope.kind === 'district'
        ? f.properties.kind === 'street'
        : f.properties.kind === scope.kind && f.properties.id === scope.id),
  );
  const ring = outlines.flatMap((f) => (f.geometry.coordinates as number[][][])[0] ?? []);
  if (ring.length === 0) return layers.bbox;
  const lngs = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}
