import { Text, View } from '@tarojs/components';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import type { CoordSystem } from '../../services/location';
import { usePlace } from '../../services/places';
import './index.css';

export interface PlaceLabelProps {
  lat: number;
  lng: number;
  /** The system of lat/lng: a browser's fix is WGS-84 (the server converts); stored positions are GCJ-02. */
  coord?: CoordSystem;
  /** A place the page already knows (a report's street and community): shown without asking. */
  known?: string | null;
  /** Metres, shown beside the coordinates. */
  accuracy?: number | null;
  /** A word before the coordinates, e.g. 已定位. */
  note?: string;
  /** false: the place only (the page shows the numbers itself, e.g. an editor's readout). */
  showCoords?: boolean;
  className?: string;
}

const five = (n: number) => n.toFixed(5);

/**
 * Where a position is, as a person says it (呼家楼街道 · 金台里小区 · 距呼家楼全时驿站 120 米), big;
 * the coordinates small beneath it, for whoever needs them. While the place is looked up, and when
 * it cannot be, the coordinates still show.
 */
export function PlaceLabel(props: PlaceLabelProps) {
  const { lat, lng, coord = 'gcj02', known, accuracy, note, className, showCoords = true } = props;
  const { place, loading, failed } = usePlace(known ? null : lat, known ? null : lng, coord);
  const label = known || place?.label;
  const state = label ? 'ready' : loading ? 'loading' : failed ? 'failed' : 'loading';
  // Shown in GCJ-02, the system Chinese map apps take when the numbers are copied.
  const coords = coord === 'wgs84' ? wgs84ToGcj02({ lat, lng }) : { lat, lng };
  return (
    <View className={`nx-place nx-place--${state}${className ? ` ${className}` : ''}`}>
      <Text className="nx-place__label">
        {label ?? (state === 'failed' ? '暂时无法识别地点，已记录坐标' : '正在识别地点…')}
      </Text>
      {showCoords ? (
        <Text className="nx-place__coords">
          {[
            note,
            typeof accuracy === 'number' ? `精度约 ${Math.round(accuracy)} 米` : '',
            `${five(coords.lat)}, ${five(coords.lng)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      ) : null}
    </View>
  );
}
