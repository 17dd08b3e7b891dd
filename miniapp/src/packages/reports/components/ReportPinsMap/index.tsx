import { useMemo } from 'react';
import type { ReportPin } from '@nuanxin/shared/reports/schemas';
import { REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import { GeoMap, type MapPoint } from '../../../../components/GeoMap';
import { gcjOf } from '../../../../components/GeoMap/NearbyStationsMap';
import type { Position } from '../../../../services/location';
import { boxOf, useMapLayers } from '../../../../services/map';

const OUTLINES = ['district', 'street'] as const;

/**
 * The staff map on H5: the open reports of the caller's scope (from the staff report map routes, so
 * only its own street or district) over the street outlines, the operator's position in blue; a tap
 * on a report opens it. Overdue reports are red.
 */
export function ReportPinsMap({
  pins,
  position,
  onOpen,
}: {
  pins: readonly ReportPin[];
  position: Position | null;
  onOpen: (id: string) => void;
}) {
  const points = useMemo<MapPoint[]>(() => {
    const here = position ? gcjOf(position) : null;
    return [
      ...(here ? [{ id: 'here', kind: 'here' as const, lat: here.lat, lng: here.lng, label: '我的位置' }] : []),
      ...pins.map((p) => ({
        id: p.id,
        kind: 'report' as const,
        lat: p.lat,
        lng: p.lng,
        label: `${p.category.name} · ${REPORT_STATE_LABELS[p.state]}${p.overdue ? ' · 超时' : ''}`,
        tone: p.overdue ? ('urgent' as const) : undefined,
      })),
    ];
  }, [pins, position]);
  const layers = useMapLayers(useMemo(() => boxOf(points), [points]));
  return (
    <GeoMap
      className="nx-geo-map--tall nx-report-map__geo"
      layers={layers}
      layerKinds={OUTLINES}
      points={points}
      maxZoom={16}
      caption={`${pins.length} 条未办结工单（红色：超时）；蓝点是你的位置；点标记打开工单`}
      onTap={({ kind, id }) => {
        if (kind === 'report') onOpen(id);
      }}
    />
  );
}
