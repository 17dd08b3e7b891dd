import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { PrivacyPopup } from '../../../components/PrivacyPopup';
import { StationBadge } from '../../../components/StationBadge';
import { NavButton } from '../../../components/NavButton';
import { goToLogin, useSession } from '../../../services/session';
import { LocationError } from '../../../services/location';
import { canOpenLocationSettings, locateRider, openLocationSettings, stationsApi } from '../../../services/stations';
import {
  amenityLabel,
  formatDistance,
  formatWeeklyHours,
  stationCounts,
  typeLabel,
  upcomingClosures,
} from '../../../utils/stations';
import './index.css';

type Here =
  | { state: 'idle' }
  | { state: 'locating' }
  | { state: 'located'; distanceM: number }
  | { state: 'failed'; message: string; denied: boolean };

/** Metres from the rider to the station (GCJ-02); a browser's WGS-84 fix is converted first. */
async function distanceTo(station: { lat: number; lng: number }): Promise<number> {
  const p = await locateRider();
  const here =
    p.coordSystem === 'wgs84'
      ? wgs84ToGcj02({ lat: p.latitude, lng: p.longitude })
      : { lat: p.latitude, lng: p.longitude };
  return Math.round(greatCircleMetres(here, station));
}

/** Where the station is, in words (the 导航 button copies it with the position on H5). */
function addressText(s: Station): string {
  return [s.name, s.address].filter(Boolean).join('，');
}

export default function StationDetailPage() {
  const { user } = useSession();
  const { params } = useRouter();
  const id = params.id ?? '';
  const listDistance = params.d !== undefined && params.d !== '' ? Number(params.d) : undefined;
  const [station, setStation] = useState<Station | null>(null);
  const loading = useAction({ fallback: '驿站信息加载失败，请重试' });
  const [here, setHere] = useState<Here>({ state: 'idle' });

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const load = useCallback(async () => {
    if (!id) {
      loading.fail('没有指定驿站，请从列表重新打开');
      return;
    }
    await loading.run(async () => setStation(await stationsApi.get(id)));
  }, [id, loading.run, loading.fail]);

  useEffect(() => {
    if (user) void load();
  }, [load, Boolean(user)]);

  // Opened from a shared link (only an id): no distance came with it, so locate the rider. A
  // refusal only costs the distance line; the rest of the page works without it.
  const locate = useCallback(async (target: { lat: number; lng: number }) => {
    setHere({ state: 'locating' });
    try {
      setHere({ state: 'located', distanceM: await distanceTo(target) });
    } catch (err) {
      const denied =
        (err instanceof LocationError && err.code === 'LOCATION_DENIED') ||
        (err as { code?: string })?.code === 'PRIVACY_DENIED';
      setHere({
        state: 'failed',
        denied,
        message: denied ? '未获得定位授权，暂不显示距离' : '暂时无法获取你的位置，未显示距离',
      });
    }
  }, []);
  const needsFix = station !== null && station.distanceM == null && listDistance === undefined;
  useEffect(() => {
    if (needsFix && here.state === 'idle') void locate(station);
  }, [needsFix, station, here.state, locate]);

  if (!user) return <PageShell title="驿站详情" />;

  if (!station) {
    return (
      <PageShell title="驿站详情" className="nx-station">
        {loading.error ? (
          loading.notice(id ? () => void load() : undefined)
        ) : (
          <Text className="nx-station__loading">正在加载驿站信息…</Text>
        )}
      </PageShell>
    );
  }

  const s = station;
  const distance = formatDistance(
    s.distanceM ?? listDistance ?? (here.state === 'located' ? here.distanceM : undefined),
  );
  const hours = formatWeeklyHours(s.hours);
  const closures = upcomingClosures(s.hours.closures);
  const counts = stationCounts(s.counts);

  function call(phone: string) {
    Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined);
  }

  async function allowLocation() {
    if (canOpenLocationSettings() && here.state === 'failed' && here.denied && !(await openLocationSettings())) return;
    await locate(s);
  }

  return (
    <PageShell title="驿站详情" className="nx-station">
      <PrivacyPopup />
      <View className="nx-card nx-station__hero">
        <Text className="nx-station__name">{s.name}</Text>
        <View className="nx-station__meta">
          <StationBadge station={s} />
          <Text className="nx-station__type">{typeLabel(s.type)}</Text>
          {distance ? <Text className="nx-station__distance">距你 {distance}</Text> : null}
          {!distance && here.state === 'locating' ? (
            <Text className="nx-station__locating">正在获取你的位置…</Text>
          ) : null}
        </View>
        {!distance && here.state === 'failed' ? (
          <View className="nx-station__no-distance">
            <Text className="nx-station__no-distance-text">{here.message}</Text>
            <Button className="nx-station__relocate" onClick={() => void allowLocation()}>
              {here.denied && canOpenLocationSettings() ? '去设置允许定位' : '重新定位'}
            </Button>
          </View>
        ) : null}
        {s.statusNote ? (
          <Text className={`nx-station__note${s.status === 'closed' ? ' nx-station__note--closed' : ''}`}>
            {s.status === 'closed' ? '暂停开放：' : ''}
            {s.statusNote}
          </Text>
        ) : null}
        <Text className="nx-station__address">
          {s.address || '暂无详细地址'}
          {s.streetName ? `（${s.streetName}）` : ''}
        </Text>
      </View>

      <View className="nx-card nx-station__nav">
        <Text className="nx-station__nav-address">{addressText(s)}</Text>
        <NavButton place={{ lat: s.lat, lng: s.lng, name: s.name, address: s.address }} tone="primary" label="导航" />
      </View>

      <View className="nx-card nx-station__section nx-station__hours">
        <Text className="nx-card__title">营业时间</Text>
        {hours.map((line) => (
          <View key={line.days} className="nx-station__hours-line">
            <Text className="nx-station__hours-days">{line.days}</Text>
            <Text className="nx-station__hours-time">{line.hours}</Text>
          </View>
        ))}
        {closures.map((c) => (
          <Text key={c} className="nx-station__closure">
            {c}
          </Text>
        ))}
      </View>

      {s.amenities.length > 0 ? (
        <View className="nx-card nx-station__section nx-station__amenities">
          <Text className="nx-card__title">设施与服务</Text>
          <View className="nx-station__tags">
            {s.amenities.map((a) => (
              <Text key={a} className={`nx-station__tag nx-amenity--${a}`}>
                {amenityLabel(a)}
              </Text>
            ))}
          </View>
        </View>
      ) : null}

      {counts.length > 0 ? (
        <View className="nx-card nx-station__section nx-station__counts">
          {counts.map((c) => (
            <View key={c.label} className="nx-station__count">
              <Text className="nx-station__count-value">{c.value}</Text>
              <Text className="nx-station__count-label">{c.label}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {s.contact.phone || s.contact.name ? (
        <View className="nx-card nx-station__section nx-station__contact">
          <Text className="nx-card__title">联系驿站</Text>
          {s.contact.name ? <Text className="nx-card__text">{s.contact.name}</Text> : null}
          {s.contact.phone ? (
            <Button className="nx-button nx-button--secondary nx-station__call" onClick={() => call(s.contact.phone!)}>
              拨打 {s.contact.phone}
            </Button>
          ) : null}
        </View>
      ) : null}

      {s.photos.length > 0 ? (
        <View className="nx-card nx-station__section nx-station__photos">
          <Text className="nx-card__title">照片</Text>
          <View className="nx-station__photo-list">
            {s.photos.map((url) => (
              <Image
                key={url}
                className="nx-station__photo"
                src={url}
                mode="aspectFill"
                lazyLoad
                onClick={() => void Taro.previewImage({ current: url, urls: s.photos })}
              />
            ))}
          </View>
        </View>
      ) : null}

      <Text className="nx-station__updated">信息更新于 {s.updatedAt.slice(0, 10)}</Text>
    </PageShell>
  );
}
