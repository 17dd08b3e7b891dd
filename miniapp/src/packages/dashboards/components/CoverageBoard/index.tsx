import { Text, View } from '@tarojs/components';
import { useEffect, useMemo, useState } from 'react';
import type { StationsDashboard } from '@nuanxin/shared/dashboards/schemas';
import type { MapLayers } from '@nuanxin/shared/geo/schemas';
import { AMENITY_LABELS, STATION_TYPE_LABELS } from '@nuanxin/shared/stations/constants';
import { GeoMap, type MapArea, type MapPoint } from '../../../../components/GeoMap';
import { useAction } from '../../../../components/useAction';
import { coverageApi } from '../../../../services/dashboards';
import { downloadAuthenticated } from '../../../../services/download';
import { Kpis, Section, Table, metres, percent } from '../BoardParts';
import { scopeBounds, scopeLayers } from '../ScopeMap/scope';
import './index.css';

const OUTLINES = ['district', 'street'] as const;
const typeLabel = (t: string) => (STATION_TYPE_LABELS as Record<string, string>)[t] ?? t;
const amenityLabel = (a: string) => (AMENITY_LABELS as Record<string, string>)[a] ?? a;

/**
 * 驿站覆盖: how much of the scope (communities, area) lies within a ride of an open 24-hour
 * station, the gaps drawn on the scope's map in red, the uncovered communities with their nearest
 * 24-hour station, and the scope's stations by type and amenity. Every table exports CSV.
 */
export function CoverageBoard() {
  const [d, setD] = useState<StationsDashboard | null>(null);
  const [layers, setLayers] = useState<MapLayers | null>(null);
  const loading = useAction({ anyError: true });

  useEffect(() => {
    void loading.run(async () => {
      const res = await coverageApi.stations();
      setD(res);
      setLayers(await coverageApi.layers(res.districtId));
    });
  }, []);

  const scoped = useMemo(() => (d ? scopeLayers(layers, d.scope) : null), [layers, d]);
  const bounds = useMemo(() => (d ? scopeBounds(layers, d.scope) : null), [layers, d]);
  const points = useMemo<MapPoint[]>(() => {
    if (!d) return [];
    // Only the stations that count (open, 24 hours): the others would crowd the map and cover nothing.
    const stations = (scoped?.features ?? [])
      .filter(
        (f) =>
          f.properties.kind === 'station' &&
          f.geometry.type === 'Point' &&
          f.properties.is24h &&
          f.properties.status === 'open',
      )
      .map((f) => {
        const [lng, lat] = f.geometry.coordinates as [number, number];
        return { id: f.properties.id, kind: 'station' as const, lat, lng, label: f.properties.name, glyph: '24' };
      });
    const uncovered = d.uncovered.map((c) => ({
      id: c.communityId,
      kind: 'place' as const,
      lat: c.lat,
      lng: c.lng,
      label: `${c.name}：距最近的24小时驿站 ${metres(c.distanceM)}`,
      glyph: '社',
      tone: 'urgent' as const,
    }));
    return [...stations, ...uncovered];
  }, [scoped, d]);
  const areas = useMemo<MapArea[]>(
    () =>
      (d?.gaps.features ?? []).map((f, i) => ({
        id: `gap-${i}`,
        ring: f.geometry.coordinates[0] ?? [],
        color: '#dc2626',
        opacity: 0.32,
      })),
    [d],
  );

  const csv = (table: string) => () =>
    void loading.run(() => downloadAuthenticated(coverageApi.csvPath(table), `stations-${table}.csv`, 'file'));

  if (!d) return <View>{loading.notice()}</View>;
  const ride = `${d.ride.minutes} 分钟骑行`;
  const rideDetail = `${d.ride.speedKmh} 公里/小时，绕行系数 ${d.ride.detourFactor}，即直线 ${metres(d.ride.radiusM)}`;
  return (
    <View className="nx-cover">
      {loading.notice()}
      <Text className="nx-dash__period">
        {d.scope.name}：距开放的24小时驿站{ride}以内（{rideDetail}）
      </Text>
      <Kpis
        items={[
          ['社区覆盖率', percent(d.communities.share)],
          ['面积覆盖率', percent(d.area?.share ?? null)],
          ['未覆盖社区', d.uncovered.length],
          ['覆盖社区', `${d.communities.covered}/${d.communities.total}`],
          [
            d.area ? `覆盖面积 km²（共 ${d.area.areaKm2.toFixed(1)}）` : '覆盖面积',
            d.area ? d.area.coveredKm2.toFixed(1) : '—',
          ],
        ]}
      />
      <Section title="覆盖缺口地图">
        <GeoMap
          className="nx-geo-map--tall nx-cover__map"
          layers={scoped}
          layerKinds={OUTLINES}
          points={points}
          areas={areas}
          bounds={bounds}
          fit="layers"
          caption={`红色：${ride}到不了开放的24小时驿站的区域${d.gaps.truncated ? '（只画出最大的部分）' : ''}；“24”为开放的24小时驿站，“社”为未覆盖的社区。${
            d.area ? `按 ${d.area.cellM} 米网格计算。` : '没有边界数据，无法计算面积。'
          }`}
        />
      </Section>
      {d.streets.length > 1 || d.scope.kind === 'street' ? (
        <Section title="各街道覆盖" csv={csv('streets')}>
          <Table
            head={['街道', '社区', '已覆盖', '社区覆盖率', '面积覆盖率']}
            rows={d.streets.map((s) => [
              s.name,
              s.communities,
              s.coveredCommunities,
              percent(s.communityShare),
              percent(s.areaShare),
            ])}
          />
        </Section>
      ) : null}
      <Section title={`未覆盖的社区（${d.uncovered.length}）`} csv={csv('uncovered')}>
        <Table
          head={['社区', '街道', '最近的24小时驿站', '直线距离']}
          rows={d.uncovered.map((c) => [c.name, c.streetName, c.nearestStationName ?? '附近没有', metres(c.distanceM)])}
          empty="所有社区都在覆盖范围内"
        />
      </Section>
      <Section title="驿站类型" csv={csv('types')}>
        <Table
          head={['类型', '合计', '开放', '关闭', '24小时开放']}
          rows={d.byType.map((t) => [typeLabel(t.type), t.total, t.open, t.closed, t.open24h])}
          empty="没有驿站"
        />
      </Section>
      <Section title="驿站设施" csv={csv('amenities')}>
        <Table
          head={['设施', '开放驿站', '关闭驿站']}
          rows={d.byAmenity.map((a) => [amenityLabel(a.amenity), a.open, a.closed])}
          empty="没有登记设施"
        />
      </Section>
    </View>
  );
}
