import { useEffect, useState } from 'react';
import type { MapLayers } from '@nuanxin/shared/geo/schemas';
import { api } from './api';

export interface Box {
  south: number;
  west: number;
  north: number;
  east: number;
}

export const mapApi = {
  /** District and street outlines, communities and stations (GeoJSON, GCJ-02) of a box. */
  layers: (b: Box) =>
    api.call<MapLayers>('GET', `/api/v1/map/layers?south=${b.south}&west=${b.west}&north=${b.north}&east=${b.east}`),
};

/** A box of `halfSpan` degrees each way around a GCJ-02 point (0.01° ≈ 1.1 km north–south). */
export function boxAround(p: { lat: number; lng: number }, halfSpan = 0.012): Box {
  return { south: p.lat - halfSpan, north: p.lat + halfSpan, west: p.lng - halfSpan, east: p.lng + halfSpan };
}

/** The smallest box holding the points, widened by `margin` degrees; null when there are none. */
export function boxOf(points: readonly { lat: number; lng: number }[], margin = 0.006): Box | null {
  if (points.length === 0) return null;
  const lats = points.map((p) => p.lat);
  const lngs = points.map((p) => p.lng);
  return {
    south: Math.min(...lats) - margin,
    north: Math.max(...lats) + margin,
    west: Math.min(...lngs) - margin,
    east: Math.max(...lngs) + margin,
  };
}

/**
 * The map layers of a box, loaded when the box changes (rounded, so a moving fix does not reload).
 * A failure leaves the layers null: the map still shows its own markers.
 */
export function useMapLayers(box: Box | null): MapLayers | null {
  const [layers, setLayers] = useState<MapLayers | null>(null);
  const key = box ? [box.south, box.west, box.north, box.east].map((n) => n.toFixed(3)).join(',') : '';
  useEffect(() => {
    if (!box) return undefined;
    let gone = false;
    mapApi.layers(box).then(
      (res) => {
        if (!gone) setLayers(res);
      },
      () => undefined,
    );
    return () => {
      gone = true;
    };
  }, [key]);
  return layers;
}
