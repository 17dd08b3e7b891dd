import Taro from '@tarojs/taro';
import { IS_WEAPP } from '../env';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { ensurePrivacyAuthorized } from './privacy';

export type CoordSystem = 'gcj02' | 'wgs84';

export interface Position {
  latitude: number;
  longitude: number;
  /** Metres. */
  accuracy: number;
  /** The server converts to one system; it must know which one it got. */
  coordSystem: CoordSystem;
}

export class LocationError extends Error {
  readonly code: 'LOCATION_DENIED' | 'LOCATION_UNAVAILABLE';
  constructor(code: LocationError['code'], message: string) {
    super(message);
    this.name = 'LocationError';
    this.code = code;
  }
}

/**
 * Where the user stands.
 *
 * weapp asks for GCJ-02: it is the system Chinese maps (and WeChat's own map, openLocation and
 * chooseLocation) use, so a point from here lands on the right street when shown or navigated to.
 * H5 asks for WGS-84: browsers' Geolocation only yields WGS-84 and Taro's H5 getLocation cannot
 * convert (it fails on 'gcj02'). The result carries its system so the server can normalise.
 */
export async function getLocation(): Promise<Position> {
  await ensurePrivacyAuthorized();
  const type: CoordSystem = IS_WEAPP ? 'gcj02' : 'wgs84';
  try {
    const res = await Taro.getLocation({ type, isHighAccuracy: true, highAccuracyExpireTime: 4000 });
    return { latitude: res.latitude, longitude: res.longitude, accuracy: res.accuracy, coordSystem: type };
  } catch (err) {
    const msg = String((err as { errMsg?: string; message?: string })?.errMsg ?? (err as Error)?.message ?? '');
    if (/auth|deny|denied|permission/i.test(msg)) {
      throw new LocationError('LOCATION_DENIED', '没有定位权限，请在设置中允许暖新使用你的位置');
    }
    throw new LocationError('LOCATION_UNAVAILABLE', '暂时无法获取位置，请到开阔处重试');
  }
}

/**
 * Where the user stands in GCJ-02, the system of every stored position (stations, gates, guide):
 * weapp already gives it; a browser's WGS-84 fix is converted (shared/geo/gcj02, pure).
 */
export async function getGcj02Location(): Promise<{ lat: number; lng: number; accuracy: number }> {
  const p = await getLocation();
  const point =
    p.coordSystem === 'wgs84'
      ? wgs84ToGcj02({ lat: p.latitude, lng: p.longitude })
      : { lat: p.latitude, lng: p.longitude };
  return { ...point, accuracy: p.accuracy };
}

/**
 * weapp: the user picks a point on WeChat's map (GCJ-02), starting at `near`. Null when cancelled.
 * The privacy guide is agreed first (chooseLocation is a privacy API like getLocation).
 */
export async function chooseGcj02Location(near?: {
  lat: number;
  lng: number;
}): Promise<{ lat: number; lng: number; name: string } | null> {
  await ensurePrivacyAuthorized();
  try {
    const res = await Taro.chooseLocation(near ? { latitude: near.lat, longitude: near.lng } : {});
    return { lat: res.latitude, lng: res.longitude, name: res.name || res.address || '' };
  } catch (err) {
    const msg = String((err as { errMsg?: string })?.errMsg ?? '');
    if (/cancel/i.test(msg)) return null;
    if (/auth|deny|denied|permission/i.test(msg))
      throw new LocationError('LOCATION_DENIED', '没有定位权限，请在设置中允许暖新使用你的位置');
    throw new LocationError('LOCATION_UNAVAILABLE', '无法打开地图选点，请手动输入坐标');
  }
}
