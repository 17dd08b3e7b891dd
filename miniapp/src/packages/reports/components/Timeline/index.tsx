import { Image, Text, View } from '@tarojs/components';
import {
  CITY_TIMELINE_LABELS,
  REJECT_REASON_LABELS,
  REPORT_ACTIONS,
  REPORT_STATE_LABELS,
  SYSTEM_ACTOR_ROLE,
  type ReportState,
} from '@nuanxin/shared/reports/constants';
import type { ReportUpdate } from '@nuanxin/shared/reports/schemas';
import { mediaUrl } from '../../../../services/reports';
import { formatTime } from '../../../../utils/format';
import './index.css';

const ACTION_LABELS: Record<string, string> = {
  submit: '已提交',
  ...Object.fromEntries(Object.entries(REPORT_ACTIONS).map(([k, v]) => [k, v.label])),
  ...CITY_TIMELINE_LABELS,
};

/** Rows written from the city's side (转交12345, its replies): actor role `city`. */
const CITY_ROLE = 'city';

/** A report's history, newest last, each step with its state, note, reason and photo. */
export function Timeline({ updates }: { updates: ReportUpdate[] }) {
  return (
    <View className="nx-timeline">
      {updates.map((u) => (
        <View
          key={u.id}
          className={`nx-timeline__item nx-timeline__item--${u.toState ?? 'note'}${
            u.actorRole === CITY_ROLE || u.action.startsWith('city_') ? ' nx-timeline__item--city' : ''
          }`}
        >
          <View className="nx-timeline__dot" />
          <View className="nx-timeline__body">
            <Text className="nx-timeline__state">
              {u.toState ? REPORT_STATE_LABELS[u.toState as ReportState] : (ACTION_LABELS[u.action] ?? u.action)}
              {u.action === 'reopen' ? '（重新打开）' : ''}
              {u.actorRole === SYSTEM_ACTOR_ROLE ? '（系统）' : ''}
              {u.action === 'city_close' ? '（12345）' : ''}
            </Text>
            <Text className="nx-timeline__time">{formatTime(u.createdAt)}</Text>
            {u.reason ? (
              <Text className="nx-timeline__note">
                原因：{REJECT_REASON_LABELS[u.reason as keyof typeof REJECT_REASON_LABELS] ?? u.reason}
              </Text>
            ) : null}
            {u.teamName ? <Text className="nx-timeline__note">处置队伍：{u.teamName}</Text> : null}
            {u.note ? <Text className="nx-timeline__note">{u.note}</Text> : null}
            {u.photos.map((p) => (
              <Image key={p.id} className="nx-timeline__photo" src={mediaUrl(p.thumbUrl)} mode="aspectFill" />
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
