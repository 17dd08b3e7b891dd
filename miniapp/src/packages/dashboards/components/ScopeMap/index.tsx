import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useEffect, useMemo, useState } from 'react';
import type { ReportDashboard } from '@nuanxin/shared/dashboards/schemas';
import type { MapLayers } from '@nuanxin/shared/geo/schemas';
import { GeoMap, type MapFill, type MapPoint } from '../../../../components/GeoMap';
import { useAction } from '../../../../components/useAction';
import { staffReportUrl } from '../../../../routes';
import { coverageApi, dashboardsApi } from '../../../../services/dashboards';
import { Section, Table, Toggle, percent } from '../BoardParts';
import { scopeBounds, scopeLayers } from './scope';

const OUTLINES = ['district', 'street'] as const;
type Shade = 'open' | 'overdue';
type Layer = 'stations' | 'reports';
/** Light to dark: one colour per step of the legend. */
const RAMP = ['#fff7ed', '#fed7aa', '#fb923c', '#ea580c', '#9a3412'] as const;
/** Lower bounds of ramp steps 1–4 for the overdue share (step 0: no overdue report). */
const SHARE_BOUNDS = [Number.MIN_VALUE, 0.1, 0.25, 0.5] as const;

interface StreetFigure {
  id: string;
  name: string;
  open: number;
  overdue: number;
}

/** Lower bounds of ramp steps 1–4 for open reports: four equal steps up to the largest street's count. */
function countBounds(max: number): number[] {
  const q = Math.max(1, Math.ceil(max / 4));
  return [1, q + 1, 2 * q + 1, 3 * q + 1];
}
/** The ramp step of a value: how many lower bounds it reaches (0–4). */
const stepOf = (v: number, bounds: readonly number[]) => bounds.filter((b) => v >= b).length;

/**
 * 地图: the scope on a map of our own outlines (no remote tiles on H5; WeChat's map on weapp), its
 * streets shaded by open reports now or by the share of them overdue (a toggle), with the
 * stations and the open reports as layers to switch on and off. A tap on a report opens it.
 */
export function ScopeMap() {
  const [reports, setReports] = useState<ReportDashboard | null>(null);
  const [layers, setLayers] = useState<MapLayers | null>(null);
  const [shade, setShade] = useState<Shade>('open');
  const [shown, setShown] = useState<Record<Layer, boolean>>({ stations: true, reports: true });
  const loading = useAction({ anyError: true });

  useEffect(() => {
    void loading.run(async () => {
      // Open and overdue are "now": the period does not change them.
      const res = await dashboardsApi.figures('reports', { period: 'today' });
      setReports(res);
      setLayers(await coverageApi.layers(res.districtId));
    });
  }, []);

  const scope = reports?.scope;
  const figures = useMemo<StreetFigure[]>(() => {
    if (!reports || !scope) return [];
    if (scope.kind === 'street')
      return [{ id: scope.id, name: scope.name, open: reports.totals.openNow, overdue: reports.overdueTotal }];
    return reports.streets
      .filter((s) => s.streetId !== null)
      .map((s) => ({ id: s.streetId!, name: s.name, open: s.openNow, overdue: s.overdueNow }));
  }, [reports, scope]);

  const steps = useMemo(
    () => (shade === 'open' ? countBounds(Math.max(0, ...figures.map((f) => f.open))) : [...SHARE_BOUNDS]),
    [figures, shade],
  );
  const fills = useMemo<Record<string, MapFill>>(() => {
    const out: Record<string, MapFill> = {};
    for (const f of figures) {
      const share = f.open === 0 ? 0 : f.overdue / f.open;
      const short = f.name.replace(/街道$/, '');
      out[f.id] = {
        color: RAMP[stepOf(shade === 'open' ? f.open : share, steps)]!,
        opacity: 0.75,
        label: shade === 'open' ? `${short} ${f.open}` : `${short} ${percent(f.open === 0 ? null : share)}`,
      };
    }
    return out;
  }, [figures, shade, steps]);

  const scoped = useMemo(() => (scope ? scopeLayers(layers, scope) : null), [layers, scope]);
  const bounds = useMemo(() => (scope ? scopeBounds(layers, scope, true) : null), [layers, scope]);
  const points = useMemo<MapPoint[]>(() => {
    const out: MapPoint[] = [];
    if (shown.stations)
      for (const f of scoped?.features ?? []) {
        if (f.properties.kind !== 'station' || f.geometry.type !== 'Point') continue;
        const [lng, lat] = f.geometry.coordinates as [number, number];
        out.push({
          id: f.properties.id,
          kind: 'station',
          lat,
          lng,
          label: f.properties.name,
          tone: f.properties.status === 'closed' ? 'muted' : undefined,
        });
      }
    if (shown.reports && reports)
      for (const p of reports.openPins)
        out.push({
          id: p.id,
          kind: 'report',
          lat: p.lat,
          lng: p.lng,
          label: `${p.category}${p.overdue ? ' · 超时' : ''}`,
          tone: p.overdue ? 'urgent' : undefined,
        });
    return out;
  }, [scoped, reports, shown]);

  const legend: [string, string][] =
    shade === 'open'
      ? [
          [RAMP[0], '0 件'],
          ...steps.map((b, i): [string, string] => [
            RAMP[i + 1]!,
            i === 3 ? `≥ ${b} 件` : b === steps[i + 1]! - 1 ? `${b} 件` : `${b}–${steps[i + 1]! - 1} 件`,
          ]),
        ]
      : [
          [RAMP[0], '无超时'],
          [RAMP[1], '< 10%'],
          [RAMP[2], '10–25%'],
          [RAMP[3], '25–50%'],
          [RAMP[4], '≥ 50%'],
        ];

  if (!reports || !scope) return <View>{loading.notice()}</View>;
  return (
    <View className="nx-scope-map">
      {loading.notice()}
      <Section title={`${scope.name} · 地图`}>
        <Toggle<Shade>
          label="街道着色"
          options={[
            ['open', '未办结工单'],
            ['overdue', '超时占比'],
          ]}
          isOn={(k) => shade === k}
          onPick={setShade}
        />
        <Toggle<Layer>
          label="图层"
          options={[
            ['stations', '驿站'],
            ['reports', '工单'],
          ]}
          isOn={(k) => shown[k]}
          onPick={(k) => setShown({ ...shown, [k]: !shown[k] })}
        />
        <GeoMap
          className="nx-geo-map--tall"
          layers={scoped}
          layerKinds={OUTLINES}
          points={points}
          fills={fills}
          bounds={bounds}
          fit="layers"
          maxZoom={16}
          caption={`街道按${shade === 'open' ? '当前未办结工单数' : '未办结工单中超时的占比'}着色；红色标记为超时工单，点标记打开工单`}
          onTap={({ kind, id }) => {
            if (kind === 'report') void Taro.navigateTo({ url: staffReportUrl(id) });
          }}
        />
        <View className="nx-dash__legend">
          {legend.map(([color, text]) => (
            <View key={text} className="nx-dash__legend-item">
              <Text className="nx-dash__swatch" style={{ background: color }} />
              <Text>{text}</Text>
            </View>
          ))}
        </View>
      </Section>
      <Section title="各街道当前工单">
        <Table
          head={['街道', '未办结', '超时', '超时占比']}
          rows={figures.map((f) => [f.name, f.open, f.overdue, percent(f.open === 0 ? null : f.overdue / f.open)])}
        />
      </Section>
    </View>
  );
}
