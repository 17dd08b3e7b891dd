import Taro from '@tarojs/taro';
import { useEffect, useRef } from 'react';

/** A map viewport in the map's coordinates (GCJ-02 on weapp). */
export interface Viewport {
  south: number;
  west: number;
  north: number;
  east: number;
}

/**
 * The `onRegionChange` handler of a weapp `<Map id={mapId}>`: when a pan or zoom ends (debounced,
 * 300 ms), it reads the visible region and passes it to `onViewport`; `onError` gets a Chinese
 * message when the region cannot be read. The pending timer is cleared on unmount.
 */
export function useMapViewport(mapId: string, onViewport: (box: Viewport) => void, onError: (message: string) => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return function onRegionChange(e: { type?: string; detail?: { type?: string } }) {
    if ((e.detail?.type ?? e.type) !== 'end') return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      Taro.createMapContext(mapId)
        .getRegion()
        .then((r) =>
          onViewport({
            south: r.southwest.latitude,
            west: r.southwest.longitude,
            north: r.northeast.latitude,
            east: r.northeast.longitude,
          }),
        )
        .catch(() => onError('无法读取地图范围，请重试'));
    }, 300);
  };
}
