import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { GUIDE_MAX_DISTANCE_M } from '@nuanxin/shared/access/constants';
import { greatCircleMetres } from '@nuanxin/shared/geo/distance';
import { IS_WEAPP } from '../../../../env';
import { PlaceLabel } from '../../../../components/PlaceLabel';
import { chooseGcj02Location, getGcj02Location } from '../../../../services/location';
import './index.css';

export interface LatLng {
  lat: number;
  lng: number;
}

export interface PositionFieldProps {
  /** GCJ-02; null = not set yet. */
  value: LatLng | null;
  onChange: (value: LatLng) => void;
  /** The community's point: where the map opens, and what "near" means. */
  centre: LatLng;
  /** Distinguishes fields in tests and screen readers (e.g. "parking", "b0-e1"). */
  name: string;
}

const six = (n: number) => n.toFixed(6);

/** Numbers typed by hand: a finite latitude and longitude in range, or a Chinese message. */
export function parseManual(lat: string, lng: string): LatLng | string {
  const a = Number(lat.trim());
  const b = Number(lng.trim());
  if (!lat.trim() || !lng.trim() || !Number.isFinite(a) || !Number.isFinite(b)) return '请输入数字形式的纬度和经度';
  if (a < -90 || a > 90) return '纬度应在 -90 到 90 之间（北京约 39.9）';
  if (b < -180 || b > 180) return '经度应在 -180 到 180 之间（北京约 116.4）';
  return { lat: a, lng: b };
}

/**
 * A GCJ-02 position picked on WeChat's map (weapp), taken from where the admin stands (both; the
 * browser's WGS-84 fix is converted), or typed in. Shows how far it is from the community, and
 * warns past GUIDE_MAX_DISTANCE_M (the server refuses it).
 */
export function PositionField({ value, onChange, centre, name }: PositionFieldProps) {
  const [manual, setManual] = useState(!IS_WEAPP);
  const [lat, setLat] = useState(value ? six(value.lat) : '');
  const [lng, setLng] = useState(value ? six(value.lng) : '');
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Keep the typed text in step when the value comes from the map or the location.
  useEffect(() => {
    if (value) {
      setLat(six(value.lat));
      setLng(six(value.lng));
    }
  }, [value?.lat, value?.lng]);

  const distance = value ? Math.round(greatCircleMetres(value, centre)) : null;
  const tooFar = distance !== null && distance > GUIDE_MAX_DISTANCE_M;

  async function fromMap() {
    setNote(null);
    try {
      const picked = await chooseGcj02Location(value ?? centre);
      if (picked) onChange({ lat: picked.lat, lng: picked.lng });
    } catch (err) {
      setNote((err as Error).message);
      setManual(true);
    }
  }

  async function fromHere() {
    setNote(null);
    setBusy(true);
    try {
      const here = await getGcj02Location();
      onChange({ lat: here.lat, lng: here.lng });
      if (here.accuracy > 50) setNote(`定位误差约 ${Math.round(here.accuracy)} 米，请到开阔处重试或在地图上微调`);
    } catch (err) {
      setNote((err as Error).message || '暂时无法获取位置');
    } finally {
      setBusy(false);
    }
  }

  /** On leaving a field: take the typed position once both numbers are good, quietly. */
  function applyIfValid() {
    const parsed = parseManual(lat, lng);
    if (typeof parsed !== 'string' && (parsed.lat !== value?.lat || parsed.lng !== value?.lng)) onChange(parsed);
  }

  function applyManual() {
    const parsed = parseManual(lat, lng);
    if (typeof parsed === 'string') setNote(parsed);
    else {
      setNote(null);
      onChange(parsed);
    }
  }

  return (
    <View className={`nx-position nx-position--${name}`}>
      {value ? <PlaceLabel className="nx-position__place" lat={value.lat} lng={value.lng} showCoords={false} /> : null}
      <Text
        className={`nx-position__value${value ? '' : ' nx-position__value--unset'}${tooFar ? ' nx-position__value--far' : ''}`}
      >
        {value ? `${six(value.lat)}，${six(value.lng)}（距小区约 ${distance} 米）` : '未设置位置'}
      </Text>
      {tooFar ? (
        <Text className="nx-position__warn">离小区超过 {GUIDE_MAX_DISTANCE_M / 1000} 公里，请确认选点是否正确</Text>
      ) : null}
      <View className="nx-position__actions">
        {IS_WEAPP ? (
          <Button className="nx-position__btn nx-position__map" onClick={() => void fromMap()}>
            地图选点
          </Button>
        ) : null}
        <Button
          className="nx-position__btn nx-position__here"
          disabled={busy || undefined}
          onClick={() => void fromHere()}
        >
          {busy ? '定位中…' : '用我的位置'}
        </Button>
        {IS_WEAPP ? (
          <Button className="nx-position__btn" onClick={() => setManual(!manual)}>
            输入坐标
          </Button>
        ) : null}
      </View>
      {manual ? (
        <View className="nx-position__manual">
          <Input
            className="nx-position__input nx-position__lat"
            type="digit"
            value={lat}
            placeholder="纬度，如 39.921"
            onInput={(e) => setLat(e.detail.value)}
            onBlur={applyIfValid}
          />
          <Input
            className="nx-position__input nx-position__lng"
            type="digit"
            value={lng}
            placeholder="经度，如 116.461"
            onInput={(e) => setLng(e.detail.value)}
            onBlur={applyIfValid}
          />
          <Button className="nx-position__btn nx-position__apply" onClick={applyManual}>
            确定
          </Button>
        </View>
      ) : null}
      {manual ? <Text className="nx-position__hint">坐标为 GCJ-02（高德、腾讯地图的坐标）</Text> : null}
      {note ? <Text className="nx-position__note">{note}</Text> : null}
    </View>
  );
}
