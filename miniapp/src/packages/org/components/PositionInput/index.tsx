import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { IS_WEAPP } from '../../../../env';
import { PlaceLabel } from '../../../../components/PlaceLabel';
import { chooseGcj02Location, getGcj02Location } from '../../../../services/location';
import './index.css';

export interface LatLng {
  lat: number;
  lng: number;
}

const six = (n: number) => n.toFixed(6);

/** Numbers typed by hand: a finite latitude and longitude in range, or a Chinese message. */
export function parseLatLng(lat: string, lng: string): LatLng | string {
  const a = Number(lat.trim());
  const b = Number(lng.trim());
  if (!lat.trim() || !lng.trim() || !Number.isFinite(a) || !Number.isFinite(b)) return '请输入数字形式的纬度和经度';
  if (a < -90 || a > 90) return '纬度应在 -90 到 90 之间（北京约 39.9）';
  if (b < -180 || b > 180) return '经度应在 -180 到 180 之间（北京约 116.4）';
  return { lat: a, lng: b };
}

/**
 * A GCJ-02 position: picked on WeChat's map (weapp `chooseLocation`), taken from where the staff
 * member stands (weapp GCJ-02; the browser's WGS-84 fix converted), or typed in. H5 has no map
 * picker: it offers the current position and typed numbers.
 */
export function PositionInput(props: {
  value: LatLng | null;
  onChange: (value: LatLng) => void;
  /** Where the map opens when nothing is set yet. */
  near?: LatLng;
  /** Called with the place name the map returned (weapp), e.g. to fill an empty address. */
  onPlaceName?: (name: string) => void;
}) {
  const { value, onChange } = props;
  const [lat, setLat] = useState(value ? six(value.lat) : '');
  const [lng, setLng] = useState(value ? six(value.lng) : '');
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (value) {
      setLat(six(value.lat));
      setLng(six(value.lng));
    }
  }, [value?.lat, value?.lng]);

  async function fromMap() {
    setNote(null);
    try {
      const picked = await chooseGcj02Location(value ?? props.near);
      if (picked) {
        onChange({ lat: picked.lat, lng: picked.lng });
        if (picked.name) props.onPlaceName?.(picked.name);
      }
    } catch (err) {
      setNote((err as Error).message);
    }
  }

  async function fromHere() {
    setNote(null);
    setBusy(true);
    try {
      const here = await getGcj02Location();
      onChange({ lat: here.lat, lng: here.lng });
      if (here.accuracy > 50) setNote(`定位误差约 ${Math.round(here.accuracy)} 米，请核对坐标`);
    } catch (err) {
      setNote((err as Error).message || '暂时无法获取位置');
    } finally {
      setBusy(false);
    }
  }

  /** Takes the typed numbers once both are good. */
  function apply(quiet: boolean) {
    const parsed = parseLatLng(lat, lng);
    if (typeof parsed === 'string') {
      if (!quiet) setNote(parsed);
      return;
    }
    setNote(null);
    if (parsed.lat !== value?.lat || parsed.lng !== value?.lng) onChange(parsed);
  }

  return (
    <View className="nx-org-position">
      {value ? (
        <PlaceLabel className="nx-org-position__place" lat={value.lat} lng={value.lng} showCoords={false} />
      ) : null}
      <Text className={`nx-org-position__value${value ? '' : ' nx-org-position__value--unset'}`}>
        {value ? `纬度 ${six(value.lat)}，经度 ${six(value.lng)}` : '未设置位置'}
      </Text>
      <View className="nx-org-position__actions">
        {IS_WEAPP ? (
          <Button className="nx-org-position__btn nx-org-position__map" onClick={() => void fromMap()}>
            地图选点
          </Button>
        ) : null}
        <Button
          className="nx-org-position__btn nx-org-position__here"
          disabled={busy || undefined}
          onClick={() => void fromHere()}
        >
          {busy ? '定位中…' : '用我的位置'}
        </Button>
      </View>
      <View className="nx-org-position__manual">
        <Input
          className="nx-org-position__input nx-org-position__lat"
          type="digit"
          value={lat}
          placeholder="纬度，如 39.921"
          onInput={(e) => setLat(e.detail.value)}
          onBlur={() => apply(true)}
        />
        <Input
          className="nx-org-position__input nx-org-position__lng"
          type="digit"
          value={lng}
          placeholder="经度，如 116.461"
          onInput={(e) => setLng(e.detail.value)}
          onBlur={() => apply(true)}
        />
        <Button className="nx-org-position__btn nx-org-position__apply" onClick={() => apply(false)}>
          确定
        </Button>
      </View>
      <Text className="nx-org-position__hint">坐标为 GCJ-02（高德、腾讯地图的坐标）；所属街道按街道边界自动确定。</Text>
      {note ? <Text className="nx-org-position__note">{note}</Text> : null}
    </View>
  );
}
