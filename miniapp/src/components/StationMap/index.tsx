import { Button, Map, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { stationsApi, type Box, type StationFilters } from '../../services/stations';
import { useMapViewport } from '../../utils/map-viewport';
import { stationBadge, typeLabel } from '../../utils/stations';
import { Notice } from '../Notice';
import { StationBadge } from '../StationBadge';
import { errorMessage, useAction } from '../useAction';
import './index.css';

const MAP_ID = 'nx-station-map';
/** Copied into the package by config/index.ts (a data: URL from the image loader would not show). */
const MARKER_ICON = '/assets/station-marker.png';
/** Half the side of the first viewport, in degrees (~1.5 km), before the map reports its region. */
const START_SPAN = 0.014;

export interface StationMapProps {
  /** GCJ-02 (weapp's getLocation), the system WeChat's map draws in. */
  center: { latitude: number; longitude: number };
  filters: StationFilters;
  onOpen: (station: Station) => void;
}

/**
 * weapp only (WeChat's native <map>; the H5 build shows the list instead): the stations inside
 * the visible region, re-queried via /stations/in-box whenever the rider stops moving the map.
 */
export function StationMap({ center, filters, onOpen }: StationMapProps) {
  const [items, setItems] = useState<Station[]>([]);
  const [truncated, setTruncated] = useState(false);
  // Not `run`: only the latest viewport's answer (seq) may set the pins or the error.
  const loading = useAction();
  const [selected, setSelected] = useState<Station | null>(null);
  const lastBox = useRef<Box>({
    south: center.latitude - START_SPAN,
    north: center.latitude + START_SPAN,
    west: center.longitude - START_SPAN,
    east: center.longitude + START_SPAN,
  });
  const seq = useRef(0);

  const load = useCallback(
    async (box: Box) => {
      lastBox.current = box;
      const mine = ++seq.current;
      loading.fail(null);
      try {
        const res = await stationsApi.inBox(box, filters);
        if (mine !== seq.current) return;
        setItems(res.items);
        setTruncated(res.truncated);
      } catch (err) {
        if (mine !== seq.current) return;
        loading.fail(errorMessage(err, '地图加载失败，请重试'));
      }
    },
    [filters, loading.fail],
  );

  useEffect(() => {
    void load(lastBox.current);
  }, [load]);

  const onRegionChange = useMapViewport(MAP_ID, (box) => void load(box), loading.fail);

  const markers = useMemo(
    () =>
      items.map((s, i) => ({
        id: i,
        latitude: s.lat,
        longitude: s.lng,
        iconPath: MARKER_ICON,
        width: 30,
        height: 40,
        callout: {
          content: `${s.name} · ${stationBadge(s).label}`,
          color: '#18181b',
          fontSize: 14,
          borderRadius: 8,
          padding: 8,
          borderWidth: 1,
          borderColor: '#0f766e',
          anchorX: 0,
          anchorY: 0,
          bgColor: '#ffffff',
          display: 'BYCLICK' as const,
          textAlign: 'center' as const,
        },
      })),
    [items],
  );

  const pick = (id: number | string) => setSelected(items[Number(id)] ?? null);

  return (
    <View className="nx-station-map">
      {loading.notice(() => void load(lastBox.current))}
      {truncated ? <Notice tone="info" message="这里驿站太多，只显示了离地图中心最近的一部分，放大地图看更多" /> : null}
      <Map
        id={MAP_ID}
        className="nx-station-map__map"
        latitude={center.latitude}
        longitude={center.longitude}
        scale={15}
        showLocation
        markers={markers}
        onRegionChange={onRegionChange as never}
        onMarkerTap={(e) => pick(e.detail.markerId)}
        onCalloutTap={(e) => pick(e.detail.markerId)}
        onError={() => loading.fail('地图加载失败，请切换到列表查看')}
      />
      {selected ? (
        <View className="nx-station-map__card">
          <View className="nx-station-map__card-top">
            <Text className="nx-station-map__name">{selected.name}</Text>
            <StationBadge station={selected} />
          </View>
          <Text className="nx-card__text">
            {typeLabel(selected.type)}
            {selected.address ? ` · ${selected.address}` : ''}
          </Text>
          <Button className="nx-button nx-button--primary nx-station-map__open" onClick={() => onOpen(selected)}>
            查看详情与导航
          </Button>
        </View>
      ) : (
        <Text className="nx-station-map__hint">点地图上的标记查看驿站；拖动地图会刷新这一片的驿站</Text>
      )}
    </View>
  );
}
