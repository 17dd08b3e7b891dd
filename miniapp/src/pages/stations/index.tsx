import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { NEARBY_LIMITS } from '@nuanxin/shared/stations/constants';
import { FilterChips } from '../../components/FilterChips';
import { Notice } from '../../components/Notice';
import { errorMessage, useAction } from '../../components/useAction';
import { PrivacyPopup } from '../../components/PrivacyPopup';
import { PlacePicker } from '../../components/PlacePicker';
import { StationMap } from '../../components/StationMap';
import { NearbyStationsMap } from '../../components/GeoMap/NearbyStationsMap';
import { StationRow } from '../../components/StationRow';
import { IS_WEAPP } from '../../env';
import { openRoute, stationDetailUrl } from '../../routes';
import { LocationError, type Position } from '../../services/location';
import { chosenPlace, rememberPlace, type ChosenPlace } from '../../services/places';
import { goToLogin, useSession } from '../../services/session';
import {
  canOpenLocationSettings,
  filtersFromChips,
  locateRider,
  openLocationSettings,
  stationsApi,
  type FilterKey,
} from '../../services/stations';
import { formatDistance } from '../../utils/stations';
import './index.css';

/** When nothing is within the default 5 km, one tap widens the search to this. */
const WIDE_RADIUS_M = 20_000;
const PAGE_SIZE = NEARBY_LIMITS.defaultPageSize;

type Phase = 'locating' | 'loading' | 'ready' | 'error';

interface LocationProblem {
  message: string;
  denied: boolean;
}

/** A place picked by hand (location refused), as the position the nearby search starts from. */
const positionOf = (p: ChosenPlace): Position => ({
  latitude: p.lat,
  longitude: p.lng,
  accuracy: 0,
  coordSystem: 'gcj02',
});

const clock = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

export default function StationsPage() {
  const { user } = useSession();
  const [phase, setPhase] = useState<Phase>('locating');
  const [position, setPosition] = useState<Position | null>(null);
  const [locationProblem, setLocationProblem] = useState<LocationProblem | null>(null);
  // Where the list is from when the phone will not say (defect 9): kept for the session.
  const [picked, setPicked] = useState<ChosenPlace | null>(chosenPlace);
  const [picking, setPicking] = useState(false);
  const [chips, setChips] = useState<FilterKey[]>([]);
  const [radius, setRadius] = useState<number>(NEARBY_LIMITS.defaultRadiusM);
  const [items, setItems] = useState<Station[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  // Not `run`: only the latest search (seq) may set the list, the phase or an error.
  const list = useAction();
  const more = useAction();
  const [moreBusy, setMoreBusy] = useState(false);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);
  const [view, setView] = useState<'list' | 'map'>('list');
  // Answers to superseded searches (a chip tapped again, a refresh) are dropped.
  const seq = useRef(0);

  const filters = useMemo(() => filtersFromChips(chips), [chips]);

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const search = useCallback(
    async (opts: { relocate?: boolean; chips?: FilterKey[]; radius?: number; from?: ChosenPlace } = {}) => {
      const mine = ++seq.current;
      const current = () => mine === seq.current;
      list.fail(null);
      more.fail(null);
      let pos: Position | null = opts.from ? positionOf(opts.from) : position;
      if (opts.from) {
        setPosition(pos);
        setLocationProblem(null);
        setPicking(false);
      } else if (!pos || opts.relocate) {
        setPhase('locating');
        try {
          pos = await locateRider(opts.relocate ? 0 : 30_000);
          if (!current()) return;
          setPosition(pos);
          setLocationProblem(null);
          setPicked(null);
          rememberPlace(null);
        } catch (err) {
          if (!current()) return;
          const problem = {
            message: errorMessage(err, '暂时无法获取位置，请重试'),
            denied: err instanceof LocationError && err.code === 'LOCATION_DENIED',
          };
          // A place picked earlier in this session stands in for the position.
          const earlier = chosenPlace();
          if (!earlier || opts.relocate) {
            setLocationProblem(problem);
            setPhase('error');
            return;
          }
          pos = positionOf(earlier);
          setPosition(pos);
          setPicked(earlier);
        }
      }
      if (!pos) return;
      setPhase('loading');
      try {
        const page = await stationsApi.nearby({
          position: pos,
          filters: filtersFromChips(opts.chips ?? chips),
          radius: opts.radius ?? radius,
          limit: PAGE_SIZE,
        });
        if (!current()) return;
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setLoadedAt(new Date());
        setPhase('ready');
      } catch (err) {
        if (!current()) return;
        // Keep what is on screen (offline riders still see the last list) and say why it is old.
        list.fail(errorMessage(err, '驿站加载失败，请重试'));
        setPhase('error');
      }
    },
    [position, chips, radius, list.fail, more.fail],
  );

  const loadMore = useCallback(async () => {
    if (!position || !nextCursor || moreBusy || phase !== 'ready') return;
    const mine = seq.current;
    setMoreBusy(true);
    more.fail(null);
    try {
      const page = await stationsApi.nearby({ position, filters, radius, limit: PAGE_SIZE, cursor: nextCursor });
      if (mine !== seq.current) return;
      setItems((prev) => [...prev, ...page.items.filter((s) => !prev.some((p) => p.id === s.id))]);
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (mine !== seq.current) return;
      more.fail(errorMessage(err, '加载失败，请重试'));
    } finally {
      setMoreBusy(false);
    }
  }, [position, nextCursor, moreBusy, phase, filters, radius, more.fail]);

  useEffect(() => {
    if (user) void search();
    // Only on arrival (and after a login); later searches are started by the rider (chips, 刷新,
    // pull down), so `search` is deliberately not a dependency.
  }, [Boolean(user)]);

  usePullDownRefresh(() => {
    void search({ relocate: true }).finally(() => void Taro.stopPullDownRefresh());
  });
  useReachBottom(() => {
    if (view === 'list') void loadMore();
  });

  function toggleChip(key: FilterKey) {
    const next = chips.includes(key) ? chips.filter((k) => k !== key) : [...chips, key];
    setChips(next);
    setRadius(NEARBY_LIMITS.defaultRadiusM);
    if (position) void search({ chips: next, radius: NEARBY_LIMITS.defaultRadiusM });
  }

  function widen() {
    setRadius(WIDE_RADIUS_M);
    void search({ radius: WIDE_RADIUS_M });
  }

  function clearChips() {
    setChips([]);
    void search({ chips: [] });
  }

  function pickPlace(p: ChosenPlace) {
    rememberPlace(p);
    setPicked(p);
    setRadius(NEARBY_LIMITS.defaultRadiusM);
    void search({ from: p, radius: NEARBY_LIMITS.defaultRadiusM });
  }

  async function fixPermission() {
    if (await openLocationSettings()) void search({ relocate: true });
  }

  const open = (s: Station) => openRoute(stationDetailUrl(s.id, s.distanceM));

  if (!user) return <View className="nx-page" />;

  const busy = phase === 'locating' || phase === 'loading';
  const showList = items.length > 0 && !(phase === 'error' && locationProblem);

  return (
    <View className="nx-page nx-stations">
      <View className="nx-stations__head">
        <View className="nx-stations__where">
          <Text className="nx-stations__title">{picked ? `${picked.name}附近的驿站` : '离你最近的驿站'}</Text>
          <Text className="nx-stations__sub">
            {phase === 'locating'
              ? '正在获取你的位置…'
              : loadedAt
                ? `${radius === WIDE_RADIUS_M ? '20 公里' : formatDistance(radius)}内 · 按距离排序 · ${clock(loadedAt)} 更新`
                : '按距离由近到远排序'}
          </Text>
        </View>
        <Button
          className="nx-stations__refresh"
          disabled={busy || undefined}
          onClick={() => void search({ relocate: true })}
        >
          {busy ? '刷新中' : '刷新'}
        </Button>
      </View>

      <FilterChips selected={chips} onToggle={toggleChip} />

      {/* Both builds: weapp's native map, or on H5 the map of our own data (components/GeoMap). */}
      <View className="nx-stations__switch">
        {(['list', 'map'] as const).map((v) => (
          <View
            key={v}
            className={`nx-stations__switch-item nx-stations__switch-item--${v}${view === v ? ' nx-stations__switch-item--on' : ''}`}
            onClick={() => setView(v)}
          >
            <Text>{v === 'list' ? '列表' : '地图'}</Text>
          </View>
        ))}
      </View>

      {locationProblem && phase === 'error' ? (
        <View className="nx-stations__state nx-stations__state--location">
          <Notice message={locationProblem.message} onRetry={() => void search({ relocate: true })} />
          {locationProblem.denied && canOpenLocationSettings() ? (
            <Button className="nx-button nx-button--secondary" onClick={() => void fixPermission()}>
              去设置开启定位
            </Button>
          ) : null}
          <PlacePicker onPick={pickPlace} />
        </View>
      ) : null}

      {picked && !(locationProblem && phase === 'error') ? (
        <View className="nx-stations__picked">
          <Text className="nx-stations__picked-text">按你选的地点「{picked.name}」查找，没有使用定位</Text>
          <Text className="nx-stations__picked-change" onClick={() => setPicking(!picking)}>
            {picking ? '收起' : '换个地点'}
          </Text>
        </View>
      ) : null}
      {picked && picking && !(locationProblem && phase === 'error') ? <PlacePicker onPick={pickPlace} /> : null}

      {list.notice(() => void search())}
      {list.error && items.length > 0 ? (
        <Text className="nx-stations__stale">
          下面是{loadedAt ? ` ${clock(loadedAt)} ` : '上次'}的结果，距离可能已变化
        </Text>
      ) : null}

      {IS_WEAPP && view === 'map' && position ? (
        <StationMap center={position} filters={filters} onOpen={open} />
      ) : !IS_WEAPP && view === 'map' && position ? (
        <NearbyStationsMap position={position} items={items} onOpen={open} />
      ) : (
        <>
          {busy && items.length === 0 ? (
            <View className="nx-stations__state nx-stations__state--loading">
              <Text className="nx-stations__state-text">
                {phase === 'locating' ? '正在定位…' : '正在查找附近驿站…'}
              </Text>
            </View>
          ) : null}

          {phase === 'ready' && items.length === 0 ? (
            <View className="nx-card nx-stations__state nx-stations__state--empty">
              <Text className="nx-card__title">
                {radius === WIDE_RADIUS_M ? '20 公里' : formatDistance(radius)}内没有
                {chips.length ? '符合条件的' : ''}驿站
              </Text>
              <Text className="nx-card__text">
                {chips.length ? '可以少选几个筛选条件再看看。' : '可以扩大搜索范围，或换个位置再刷新。'}
              </Text>
              {chips.length ? (
                <Button className="nx-button nx-button--secondary nx-stations__clear" onClick={clearChips}>
                  清除筛选
                </Button>
              ) : null}
              {radius < WIDE_RADIUS_M ? (
                <Button className="nx-button nx-button--primary nx-stations__widen" onClick={widen}>
                  扩大到 20 公里
                </Button>
              ) : null}
            </View>
          ) : null}

          {showList ? (
            <View className={`nx-stations__list${busy ? ' nx-stations__list--busy' : ''}`}>
              {items.map((s) => (
                <StationRow key={s.id} station={s} onOpen={open} />
              ))}
            </View>
          ) : null}

          {more.notice(() => void loadMore())}
          {showList && nextCursor && phase === 'ready' ? (
            <Button
              className="nx-button nx-button--secondary nx-stations__more"
              disabled={moreBusy || undefined}
              onClick={() => void loadMore()}
            >
              {moreBusy ? '加载中…' : '加载更多'}
            </Button>
          ) : null}
          {showList && !nextCursor && phase === 'ready' ? (
            <Text className="nx-stations__end">已显示全部 {items.length} 个驿站</Text>
          ) : null}
        </>
      )}
      <PrivacyPopup />
    </View>
  );
}
