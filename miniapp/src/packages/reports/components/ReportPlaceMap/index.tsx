import { View } from '@tarojs/components';
import { useMemo } from 'react';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import { GeoMap, type MapPoint } from '../../../../components/GeoMap';
import { boxAround, useMapLayers } from '../../../../services/map';
import { openRoute, stationDetailUrl } from '../../../../routes';

const CONTEXT = ['district', 'street', 'community', 'station'] as const;

/**
 * Where a report is, on a map of our own data: its pin over the street outlines, the communities
 * and the stations around it, so a person recognises the place (defect 13: timelines had no map).
 */
export function ReportPlaceMap({
  report,
}: {
  report: Pick<ReportDetail, 'id' | 'lat' | 'lng' | 'category' | 'place'>;
}) {
  const points = useMemo<MapPoint[]>(
    () => [
      {
        id: report.id,
        kind: 'place',
        lat: report.lat,
        lng: report.lng,
        label: `${report.category.name} · ${report.place}`,
        glyph: '!',
      },
    ],
    [report.id, report.lat, report.lng, report.category.name, report.place],
  );
  const layers = useMapLayers(useMemo(() => boxAround(report, 0.008), [report.lat, report.lng]));
  return (
    <View className="nx-report-place-map">
      <GeoMap
        layers={layers}
        layerKinds={CONTEXT}
        points={points}
        fit="points"
        // 15, not closer: the street's outline and name stay in view around the spot.
        maxZoom={15}
        caption="红色标记是上报的位置；绿色是附近驿站（点它查看），灰点是社区"
        onTap={({ kind, id }) => {
          if (kind === 'station') openRoute(stationDetailUrl(id));
        }}
      />
    </View>
  );
}
