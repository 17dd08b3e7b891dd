import { useMemo } from 'react';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import type { Position } from '../../services/location';
import { boxOf, useMapLayers } from '../../services/map';
import { GeoMap, type MapPoint } from './index';

const OUTLINES = ['district', 'street'] as const;

/** GCJ-02 of a fix (a browser's is WGS-84), the system every stored position is in. */
export function gcjOf(p: Position): { lat: number; lng: number } {
  return p.coordSystem === 'wgs84'
    ? wgs84ToGcj02({ lat: p.latitude, lng: p.longitude })
    : { lat: p.latitude, lng: p.longitude };
}

/**
 * The 驿站 tab's map on H5: the stations of the list (same filters, same order), the rider, and the
 * district and street outlines around them. A tap on a station opens its detail.
 */
export function NearbyStationsMap({
  position,
  items,
  onOpen,
}: {
  position: Position;
  items: readonly Station[];
  onOpen: (station: Station) => void;
}) {
  const here = useMemo(() => gcjOf(position), [position]);
  const points = useMemo<MapPoint[]>(
    () => [
      { id: 'here', kind: 'here', lat: here.lat, lng: here.lng, label: '我的位置' },
      ...items.map((s) => ({
        id: s.id,
        kind: 'station' as const,
        lat: s.lat,
        lng: s.lng,
        label: s.name,
        tone: s.openNow === false || s.status === 'closed' ? ('muted' as const) : undefined,
      })),
    ],
    [here, items],
  );
  const layers = useMapLayers(useMemo(() => boxOf(points), [points]));
  return (
    <GeoMap
      className="nx-geo-map--tall nx-stations__map"
      layers={layers}
      layerKinds={OUTLINES}
      points={points}
      maxZoom={16}
      caption={`蓝点是你的位置，绿色标记是列表中的 ${items.length} 个驿站（灰色：未营业）；点标记查看详情与导航`}
      onTap={({ id }) => {
        const s = items.find((x) => x.id === id);
        if (s) onOpen(s);
      }}
    />
  );
}
