import Taro from '@tarojs/taro';

/** A place to go to: GCJ-02 (every position we store is), with the name the map app shows. */
export interface NavPlace {
  lat: number;
  lng: number;
  name: string;
  address?: string;
}

export type MapApp = 'amap' | 'tencent';
export const MAP_APP_LABELS: Record<MapApp, string> = { amap: '高德地图', tencent: '腾讯地图' };

// The map apps' marker URIs take a name after `;`/`:`/`|` separators: keep those out of it.
const plain = (s: string) => s.replace(/[;:|]/g, ' ').trim();
const fixed = (n: number) => n.toFixed(6);

/**
 * 高德 URI API (单点标注, lbs.amap.com/api/uri-api/guide/mobile-web/point): `position=lng,lat`,
 * `coordinate=gaode` = GCJ-02, `callnative=1` asks a phone to open the Amap app (else the web map).
 */
export function amapMarkerUrl(p: NavPlace): string {
  return (
    `https://uri.amap.com/marker?position=${fixed(p.lng)},${fixed(p.lat)}` +
    `&name=${encodeURIComponent(plain(p.name))}&src=nuanxin&coordinate=gaode&callnative=1`
  );
}

/**
 * 腾讯地图 URI API (自定义标注, lbs.qq.com/webApi/uriV1/uriGuide/uriWebMarker):
 * `coord:lat,lng` (latitude first), `coord_type=2` = Tencent's own system, i.e. GCJ-02.
 */
export function tencentMarkerUrl(p: NavPlace): string {
  const marker = [
    `coord:${fixed(p.lat)},${fixed(p.lng)}`,
    `title:${plain(p.name)}`,
    ...(p.address ? [`addr:${plain(p.address)}`] : []),
  ].join(';');
  return `https://apis.map.qq.com/uri/v1/marker?marker=${encodeURIComponent(marker)}&coord_type=2&referer=nuanxin`;
}

export const mapAppUrl = (app: MapApp, p: NavPlace) => (app === 'amap' ? amapMarkerUrl(p) : tencentMarkerUrl(p));

/** What 复制地址 copies: the name, the address and the position (a map app's search takes it). */
export function placeText(p: NavPlace): string {
  return [p.name, p.address, `${fixed(p.lat)},${fixed(p.lng)}`].filter(Boolean).join(' ');
}

/**
 * weapp: WeChat's system map (openLocation takes GCJ-02). 'cancel' when the user closed it, 'failed'
 * when it could not open.
 */
export async function openSystemMap(p: NavPlace, scale = 16): Promise<'ok' | 'cancel' | 'failed'> {
  try {
    await Taro.openLocation({ latitude: p.lat, longitude: p.lng, name: p.name, address: p.address ?? '', scale });
    return 'ok';
  } catch (err) {
    return /cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? '')) ? 'cancel' : 'failed';
  }
}

/**
 * H5: opens the map app's URI in a new tab (on a phone the app takes over; the web map otherwise),
 * or in this tab when a pop-up is refused. The page stays where it was in the first case.
 */
export function openMapApp(app: MapApp, p: NavPlace): void {
  if (process.env.TARO_ENV !== 'h5') return;
  const url = mapAppUrl(app, p);
  const tab = window.open(url, '_blank');
  if (tab) tab.opener = null;
  else window.location.href = url;
}
