import { Text, View } from '@tarojs/components';
import type { Station } from '@nuanxin/shared/stations/schemas';
import { amenityLabel, formatDistance, typeLabel } from '../../utils/stations';
import { StationBadge } from '../StationBadge';
import './index.css';

/** How many amenity tags fit on a row; the detail page lists them all. */
const MAX_TAGS = 5;

export interface StationRowProps {
  station: Station;
  onOpen: (station: Station) => void;
}

/** One station in the list: the whole card is the touch target (≥ 88px, usually ~200px). */
export function StationRow({ station, onOpen }: StationRowProps) {
  const distance = formatDistance(station.distanceM);
  const tags = station.amenities.slice(0, MAX_TAGS);
  const more = station.amenities.length - tags.length;
  return (
    <View
      className="nx-station-row"
      hoverClass="nx-station-row--pressed"
      data-station-id={station.id}
      onClick={() => onOpen(station)}
    >
      <View className="nx-station-row__top">
        <Text className="nx-station-row__name">{station.name}</Text>
        {distance ? <Text className="nx-station-row__distance">{distance}</Text> : null}
      </View>
      <View className="nx-station-row__meta">
        <StationBadge station={station} />
        <Text className="nx-station-row__type">{typeLabel(station.type)}</Text>
      </View>
      {station.address ? <Text className="nx-station-row__address">{station.address}</Text> : null}
      {tags.length > 0 ? (
        <View className="nx-station-row__tags">
          {tags.map((a) => (
            <Text key={a} className={`nx-amenity nx-amenity--${a}`}>
              {amenityLabel(a)}
            </Text>
          ))}
          {more > 0 ? <Text className="nx-amenity nx-amenity--more">+{more}</Text> : null}
        </View>
      ) : null}
    </View>
  );
}
