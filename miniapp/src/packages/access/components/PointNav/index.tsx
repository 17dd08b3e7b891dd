import { View } from '@tarojs/components';
import { NavButton } from '../../../../components/NavButton';
import { PlaceLabel } from '../../../../components/PlaceLabel';
import './index.css';

export interface PointNavProps {
  /** GCJ-02, as every guide position and gate is stored. */
  point: { lat: number; lng: number };
  /** Shown on the map pin and copied with the coordinates. */
  name: string;
  /** Button text, e.g. 导航到停车区. */
  label?: string;
}

/**
 * One tap to a position of the guide: weapp's system map; on H5 高德地图 / 腾讯地图 / 复制地址
 * (components/NavButton).
 */
export function PointNav({ point, name, label = '导航' }: PointNavProps) {
  return (
    <View className="nx-point-nav">
      {/* The place first (街道 · 小区 · 距驿站), the numbers small beneath it; then the way there. */}
      <PlaceLabel className="nx-point-nav__coords" lat={point.lat} lng={point.lng} />
      <NavButton place={{ lat: point.lat, lng: point.lng, name }} label={label} scale={18} />
    </View>
  );
}
