import { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { openRoute, ROUTES, stationDetailUrl } from '../../routes';
import { LocationError } from '../../services/location';
import {
  canLocateSilently,
  canOpenLocationSettings,
  locateRider,
  openLocationSettings,
  stationsApi,
} from '../../services/stations';
import { formatDistance } from '../../utils/stations';
import { StationBadge } from '../StationBadge';
import { errorMessage } from '../useAction/error-message';
import './index.css';

type State =
  | { kind: 'checking' }
  | { kind: 'need-location' }
  | { kind: 'loading' }
  | { kind: 'found'; station: Station }
  | { kind: 'none' }
  | { kind: 'error'; message: string; denied: boolean };

/** A fresher answer is fetched when home is shown again after this long. */
const STALE_MS = 2 * 60_000;

/**
 * Home's "最近的全时驿站" line: the nearest 全时驿站 open now. Reads the position only when that
 * needs no prompt; otherwise says why nothing is shown and offers a button to allow location.
 */
export function NearestStation() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const loadedAt = useRef(0);
  const busy = useRef(false);

  const load = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    setState({ kind: 'loading' });
    try {
      const position = await locateRider();
      const { item } = await stationsApi.nearest(position);
      loadedAt.current = Date.now();
      setState(item ? { kind: 'found', station: item } : { kind: 'none' });
    } catch (err) {
      setState({
        kind: 'error',
        message: errorMessage(err, '暂时查不到最近的驿站，请重试'),
        denied: err instanceof LocationError && err.code === 'LOCATION_DENIED',
      });
    } finally {
      busy.current = false;
    }
  }, []);

  const start = useCallback(async () => {
    if (await canLocateSilently()) await load();
    else setState({ kind: 'need-location' });
  }, [load]);

  useEffect(() => {
    void start();
  }, [start]);

  useDidShow(() => {
    if (loadedAt.current && Date.now() - loadedAt.current > STALE_MS) void load();
  });

  async function fixPermission() {
    if (await openLocationSettings()) void load();
  }

  return (
    <View className="nx-card nx-home__nearest nx-nearest">
      <Text className="nx-card__title">最近的全时驿站</Text>
      {state.kind === 'checking' || state.kind === 'loading' ? (
        <Text className="nx-card__text nx-nearest__loading">正在查找离你最近的全时驿站…</Text>
      ) : null}

      {state.kind === 'found' ? (
        <View
          className="nx-nearest__row"
          hoverClass="nx-nearest__row--pressed"
          data-station-id={state.station.id}
          onClick={() => openRoute(stationDetailUrl(state.station.id, state.station.distanceM))}
        >
          <View className="nx-nearest__main">
            <Text className="nx-nearest__name">{state.station.name}</Text>
            <View className="nx-nearest__meta">
              <StationBadge station={state.station} />
              <Text className="nx-nearest__distance">{formatDistance(state.station.distanceM)}</Text>
            </View>
          </View>
          <Text className="nx-nearest__go">›</Text>
        </View>
      ) : null}

      {state.kind === 'none' ? (
        <View className="nx-nearest__none">
          <Text className="nx-card__text">附近 50 公里内暂时没有营业中的全时驿站。</Text>
          <Button className="nx-button nx-button--secondary nx-nearest__all" onClick={() => openRoute(ROUTES.stations)}>
            查看全部附近驿站
          </Button>
        </View>
      ) : null}

      {state.kind === 'need-location' ? (
        <View className="nx-nearest__need">
          <Text className="nx-card__text">需要使用你的位置，才能找到离你最近的全时驿站。</Text>
          <Button className="nx-button nx-button--primary nx-nearest__allow" onClick={() => void load()}>
            允许使用位置
          </Button>
        </View>
      ) : null}

      {state.kind === 'error' ? (
        <View className="nx-nearest__error">
          <Text className="nx-nearest__error-text">{state.message}</Text>
          {state.denied && canOpenLocationSettings() ? (
            <Button className="nx-button nx-button--primary nx-nearest__settings" onClick={() => void fixPermission()}>
              去设置开启定位
            </Button>
          ) : (
            <Button className="nx-button nx-button--secondary nx-nearest__retry" onClick={() => void load()}>
              重试
            </Button>
          )}
        </View>
      ) : null}
    </View>
  );
}
