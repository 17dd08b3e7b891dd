import { Text, View } from '@tarojs/components';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import { SIGNUP_STATUS_LABELS } from '@nuanxin/shared/activities/constants';
import { scheduleOf, seatsOf } from '../../../services/activities';

/** One activity in a list: title, kind, when, where, seats, and the rider's own status. */
export function ActivityCard({ a, onClick }: { a: Activity; onClick: () => void }) {
  return (
    <View className="nx-card nx-act-card" hoverClass="nx-community__section--pressed" onClick={onClick}>
      <View className="nx-act-card__head">
        <Text className="nx-card__title">{a.title}</Text>
        <Text className="nx-act-card__kind">{a.kind}</Text>
      </View>
      <Text className="nx-act-card__line">时间 {scheduleOf(a)}</Text>
      <Text className="nx-act-card__line">
        地点 {a.stationName ?? a.address}
        {a.distanceM != null
          ? ` · ${a.distanceM < 1000 ? `${a.distanceM} 米` : `${(a.distanceM / 1000).toFixed(1)} 公里`}`
          : ''}
      </Text>
      <Text className="nx-act-card__line">
        {a.organiser} · {seatsOf(a)}
      </Text>
      {a.cancelledAt ? (
        <Text className="nx-act-card__status nx-act-card__status--cancelled">活动已取消</Text>
      ) : a.mine ? (
        <Text className={`nx-act-card__status nx-act-card__status--${a.mine.status}`}>
          {SIGNUP_STATUS_LABELS[a.mine.status]}
          {a.mine.position ? ` 第 ${a.mine.position} 位` : ''}
        </Text>
      ) : null}
    </View>
  );
}
