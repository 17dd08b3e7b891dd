import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { IS_WEAPP } from '../../../../env';
import { PlaceLabel } from '../../../../components/PlaceLabel';
import './index.css';

export interface PointNavProps {
  /** GCJ-02, as every guide position and gate is stored. */
  point: { lat: number; lng: number };
  /** Shown on the map pin and copied with the coordinates. */
  name: string;
  /** Button text on weapp, e.g. 导航到停车区. */
  label?: string;
}

/**
 * One tap to a position. weapp: the system map (openLocation takes GCJ-02). H5 cannot open a map
 * app, so, like the station detail, it shows the coordinates and copies them for a map app's search.
 */
export function PointNav({ point, name, label = '导航' }: PointNavProps) {
  const [note, setNote] = useState<string | null>(null);
  const coords = `${point.lat.toFixed(6)},${point.lng.toFixed(6)}`;

  if (IS_WEAPP) {
    return (
      <View className="nx-point-nav">
        <Button
          className="nx-button nx-button--secondary nx-point-nav__go"
          onClick={() =>
            void Taro.openLocation({ latitude: point.lat, longitude: point.lng, name, scale: 18 }).catch(
              (err: { errMsg?: string }) => {
                if (!/cancel/i.test(String(err?.errMsg ?? ''))) setNote('无法打开地图，请稍后重试');
              },
            )
          }
        >
          {label}
        </Button>
        {note ? <Text className="nx-point-nav__note">{note}</Text> : null}
      </View>
    );
  }
  return (
    <View className="nx-point-nav nx-point-nav--h5">
      {/* The place first (街道 · 小区 · 距驿站), the numbers small beneath it; 复制坐标 copies them. */}
      <PlaceLabel className="nx-point-nav__coords" lat={point.lat} lng={point.lng} />
      <Button
        className="nx-button nx-button--secondary nx-point-nav__copy"
        onClick={() =>
          void Taro.setClipboardData({ data: `${name} ${coords}` })
            .then(() => setNote('已复制，可粘贴到地图应用中搜索'))
            .catch(() => setNote('复制失败，请长按坐标手动复制'))
        }
      >
        {note === '已复制，可粘贴到地图应用中搜索' ? '已复制坐标' : '复制坐标'}
      </Button>
      {note ? <Text className="nx-point-nav__note">{note}</Text> : null}
    </View>
  );
}
