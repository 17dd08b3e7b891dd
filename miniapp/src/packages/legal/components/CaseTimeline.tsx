import { Text, View } from '@tarojs/components';
import { CASE_ACTION_LABELS, CASE_OUTCOME_LABELS } from '@nuanxin/shared/legal/constants';
import type { CaseUpdate } from '@nuanxin/shared/legal/schemas';
import { formatDateTime } from '../../../utils/format';

/** Every step of a case, oldest first, with its time: what the rider and the centre both read. */
export function CaseTimeline({ updates }: { updates: CaseUpdate[] }) {
  return (
    <View className="nx-legal__timeline">
      {updates.map((u) => (
        <View key={u.id} className="nx-legal__timeline-item">
          <Text className="nx-legal__timeline-title">
            {CASE_ACTION_LABELS[u.action]}
            {u.actorName ? ` · ${u.actorName}` : ''}
          </Text>
          <Text className="nx-legal__timeline-time">{formatDateTime(u.createdAt)}</Text>
          {u.mediatorName && u.action === 'assign' ? (
            <Text className="nx-card__text">调解员：{u.mediatorName}</Text>
          ) : null}
          {u.appointmentAt ? (
            <Text className="nx-card__text">
              面谈：{formatDateTime(u.appointmentAt)} · {u.appointmentPlace}
            </Text>
          ) : null}
          {u.outcome ? <Text className="nx-card__text">结果：{CASE_OUTCOME_LABELS[u.outcome]}</Text> : null}
          {u.rating ? <Text className="nx-card__text">评分：{'★'.repeat(u.rating)}</Text> : null}
          {u.note ? <Text className="nx-card__text">{u.note}</Text> : null}
        </View>
      ))}
    </View>
  );
}
