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

/** The box [west, south, east, north] of the scope's outline (the street's, or the district's). */
export function scopeBounds(layers: MapLayers | null, scope: MapScope): number[] | null {
  if (!layers) return null;
  const outline = layers.features.find(
    (f) => f.geometry.type === 'Polygon' && f.properties.kind === scope.kind && f.properties.id === scope.id,
  );
  if (!outline || outline.geometry.type !== 'Polygon') return layers.bbox;
  const ring = outline.geometry.coordinates[0] ?? [];
  const lngs = ring.map((p) => p[0]!);
  const lats = ring.map((p) => p[1]!);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}
