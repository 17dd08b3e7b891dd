import { Text, View } from '@tarojs/components';
import { CASE_KIND_LABELS, CASE_STATE_LABELS } from '@nuanxin/shared/legal/constants';
import type { CaseSummary } from '@nuanxin/shared/legal/schemas';
import { formatDateTime } from '../../../utils/format';

/** One case in a list: its kind, state and dates; never a word of what happened. */
export function CaseCard({ item, onClick, staff }: { item: CaseSummary; onClick: () => void; staff?: boolean }) {
  return (
    <View className="nx-card nx-legal__item" hoverClass="nx-tile--pressed" onClick={onClick}>
      <View className="nx-legal__item-head">
        <Text className="nx-legal__kind">{CASE_KIND_LABELS[item.kind]}</Text>
        <Text className={`nx-legal__state nx-legal__state--${item.state}`}>{CASE_STATE_LABELS[item.state]}</Text>
      </View>
      <Text className="nx-card__text">
        提交于 {formatDateTime(item.createdAt)} · {item.districtName}调解中心
      </Text>
      {item.mediatorName ? <Text className="nx-card__text">调解员：{item.mediatorName}</Text> : null}
      {item.nextAppointmentAt ? (
        <Text className="nx-card__text">面谈：{formatDateTime(item.nextAppointmentAt)}</Text>
      ) : null}
      {staff && item.state === 'submitted' ? (
        <Text className="nx-card__text">受理时限 {formatDateTime(item.acceptDueAt)}</Text>
      ) : null}
      {staff && item.closeDueAt && (item.state === 'accepted' || item.state === 'mediating') ? (
        <Text className="nx-card__text">办结时限 {formatDateTime(item.closeDueAt)}</Text>
      ) : null}
      {item.overdue ? (
        <Text className="nx-legal__overdue">{item.overdue === 'accept' ? '超时未受理' : '超时未办结'}</Text>
      ) : null}
      {item.rating ? <Text className="nx-card__text">评价 {'★'.repeat(item.rating)}</Text> : null}
    </View>
  );
}
