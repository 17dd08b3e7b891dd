import { Text } from '@tarojs/components';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { stationBadge } from '../../utils/stations';
import './index.css';

/** 营业中 (green) / 已打烊 (grey) / 暂停开放 (red): colour and words, never colour alone. */
export function StationBadge({ station }: { station: Pick<Station, 'status' | 'openNow'> }) {
  const { label, tone } = stationBadge(station);
  return <Text className={`nx-badge nx-badge--${tone}`}>{label}</Text>;
}
