import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Map, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { ReportPin } from '@nuanxin/shared/reports/schemas';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { errorMessage, useAction } from '../../../../components/useAction';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';
import { formatTime } from '../../../../utils/format';
import { IS_WEAPP } from '../../../../env';
import type { Position } from '../../../../services/location';
import { reportsApi } from '../../../../services/reports';
import { goToLogin, useSession } from '../../../../services/session';
import { locateRider } from '../../../../services/stations';
import { useMapViewport } from '../../../../utils/map-viewport';
import { formatDistance } from '../../../../utils/stations';
import '../../styles/report.css';
import '../../styles/staff.css';
import './index.css';
import { staffReportUrl } from '../../../../routes';
import { ReportPinsMap } from '../../components/ReportPinsMap';

const MAP_ID = 'nx-report-map';
/** Copied into the weapp package by config/index.ts (the stations map's pin). */
const MARKER_ICON = '/assets/station-marker.png';
/** Half the side of the first viewport, in degrees (~1.5 km), before the map reports its region. */
const START_SPAN = 0.014;

type Box = { south: number; west: number; north: number; east: number };

const open = (id: string) => void Taro.navigateTo({ url: staffReportUrl(id) });

/** One open report as a row: category, state, how far, how late. */
function PinRow({ pin }: { pin: ReportPin }) {
  return (
    <View className="nx-card nx-report-map__row" onClick={() => open(pin.id)}>
      <View className="nx-report-map__row-top">
        <Text className="nx-card__title">
          {pin.category.name}
          {pin.overdue ? <Text className="nx-overdue">超时</Text> : null}
        </Text>
        {pin.distanceM !== undefined ? (
          <Text className="nx-report-map__distance">{formatDistance(pin.distanceM) || '就在附近'}</Text>
        ) : null}
      </View>
      <Text className={`nx-state nx-state--${pin.state}`}>{REPORT_STATE_LABELS[pin.state]}</Text>
      <Text className="nx-card__text">
        {pin.streetName ?? '区级待分派'} · {formatTime(pin.createdAt)}
        {pin.confirmations > 0 ? ` · 另有 ${pin.confirmations} 人遇到` : ''}
      </Text>
    </View>
  );
}

/**
 * weapp: WeChat's native <map> with the open reports of the visible region (re-queried when the
 * operator stops moving the map), tap a pin for its card, then the report. H5: the open reports
 * nearest to where the operator stands on a map of our own data (ReportPinsMap), then as a list.
 */
export default function StaffMapPage() {
  const { user } = useSession();
  const [position, setPosition] = useState<Position | null>(null);
  const [items, setItems] = useState<ReportPin[] | null>(null);
  const [truncated, setTruncated] = useState(false);
  // Not `run`: only the latest of overlapping loads (seq) may set the list, the flag or the error.
  const loading = useAction();
  const [busy, setBusy] = useState(false);
  const lastBox = useRef<Box | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const loadBox = useCallback(
    async (box: Box) => {
      lastBox.current = box;
      const mine = ++seq.current;
      loading.fail(null);
      try {
        const res = await reportsApi.inBox(box);
        if (mine !== seq.current) return;
        setItems(res.items);
        setTruncated(res.truncated);
      } catch (err) {
        if (mine !== seq.current) return;
        loading.fail(errorMessage(err, '地图加载失败，请重试'));
      }
    },
    [loading.fail],
  );

  const locateAndLoad = useCallback(
    async (relocate = false) => {
      const mine = ++seq.current;
      setBusy(true);
      loading.fail(null);
      try {
        const pos = await locateRider(relocate ? 0 : 30_000);
        if (mine !== seq.current) return;
        setPosition(pos);
        if (IS_WEAPP) {
          await loadBox(
            lastBox.current ?? {
              south: pos.latitude - START_SPAN,
              north: pos.latitude + START_SPAN,
              west: pos.longitude - START_SPAN,
              east: pos.longitude + START_SPAN,
            },
          );
        } else {
          const res = await reportsApi.nearest(pos);
          if (mine !== seq.current) return;
          setItems(res.items);
          setTruncated(res.truncated);
        }
      } catch (err) {
        if (mine === seq.current) loading.fail(errorMessage(err, '加载失败，请重试'));
      } finally {
        setBusy(false);
      }
    },
    [loadBox, loading.fail],
  );

  // Back from a report (state changed): refresh what is shown.
  useDidShow(() => {
    if (user) void locateAndLoad();
  });

  const onRegionChange = useMapViewport(MAP_ID, (box) => void loadBox(box), loading.fail);

  const markers = useMemo(
    () =>
      (items ?? []).map((p, i) => ({
        id: i,
        latitude: p.lat,
        longitude: p.lng,
        iconPath: MARKER_ICON,
        width: 30,
        height: 40,
        title: `${p.category.name} · ${REPORT_STATE_LABELS[p.state]}${p.overdue ? ' · 超时' : ''}`,
      })),
    [items],
  );
  /** Tapping a pin opens its report (marker ids are indexes into `items`). */
  const openPin = (id: number | string) => {
    const pin = items?.[Number(id)];
    if (pin) open(pin.id);
  };

  if (!user) return <PageShell title="工单地图" />;

  return (
    <PageShell title="工单地图" className="nx-report-map">
      <View className="nx-report-map__head">
        <Text className="nx-report-map__title">{IS_WEAPP ? '地图上的未办结工单' : '我附近的未办结工单'}</Text>
        <Button
          className="nx-report-map__refresh"
          disabled={busy || undefined}
          onClick={() => void locateAndLoad(true)}
        >
          {busy ? '刷新中' : '刷新'}
        </Button>
      </View>
      {loading.notice(() => void locateAndLoad(true))}
      {truncated ? (
        <Notice
          tone="info"
          message={IS_WEAPP ? '这里工单太多，只显示了最紧急的一部分，放大地图看更多' : '只显示了最近的一部分'}
        />
      ) : null}

      {IS_WEAPP && position ? (
        <>
          <Map
            id={MAP_ID}
            className="nx-report-map__map"
            latitude={position.latitude}
            longitude={position.longitude}
            scale={15}
            showLocation
            markers={markers}
            onRegionChange={onRegionChange as never}
            onMarkerTap={(e) => openPin(e.detail.markerId)}
            onError={() => loading.fail('地图加载失败，请返回工单列表')}
          />
          <Text className="nx-report-map__hint">
            点标记打开工单；拖动地图会刷新这一片的工单
            {items ? `（共 ${items.length} 条${items.some((p) => p.overdue) ? '，含超时' : ''}）` : ''}
          </Text>
        </>
      ) : null}

      {!IS_WEAPP && items ? (
        items.length === 0 ? (
          <Text className="nx-subtitle">辖区内没有未办结的工单</Text>
        ) : (
          <View className="nx-report-map__list">
            <ReportPinsMap pins={items} position={position} onOpen={open} />
            <Text className="nx-report-map__hint">按离你的距离由近到远，点一条去处理</Text>
            {items.map((p) => (
              <PinRow key={p.id} pin={p} />
            ))}
          </View>
        )
      ) : null}
      {!items && busy ? <Text className="nx-subtitle">正在定位并加载工单…</Text> : null}
      <PrivacyPopup />
    </PageShell>
  );
}
