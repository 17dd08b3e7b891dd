import { Text, View } from '@tarojs/components';
import {
  CITY_FORWARD_REASON_LABELS,
  CITY_FORWARD_STATE_LABELS,
  CITY_STATUS_LABELS,
} from '@nuanxin/shared/reports/constants';
import type { CityForward } from '@nuanxin/shared/reports/schemas';
import { formatTime } from '../../../../utils/format';
import './index.css';

/**
 * 转交12345: where the report's forward to the city's hotline stands — the 工单号, the city's
 * status and its latest reply. Staff also see the attempts and the last failure.
 */
export function CityForwardCard({ forward }: { forward: CityForward }) {
  const cityStatus = forward.cityStatus as keyof typeof CITY_STATUS_LABELS | null;
  return (
    <View className={`nx-card nx-city nx-city--${forward.state}`}>
      <View className="nx-city__head">
        <Text className="nx-card__title">12345 市民服务热线</Text>
        <Text className={`nx-city__badge nx-city__badge--${forward.state}`}>
          {CITY_FORWARD_STATE_LABELS[forward.state]}
        </Text>
      </View>
      <Text className="nx-card__text">原因：{CITY_FORWARD_REASON_LABELS[forward.reason]}</Text>
      {forward.serviceRequestId ? (
        <Text className="nx-card__text nx-city__id">工单号：{forward.serviceRequestId}</Text>
      ) : null}
      {forward.forwardedAt ? <Text className="nx-card__text">转交时间：{formatTime(forward.forwardedAt)}</Text> : null}
      {cityStatus ? (
        <Text className="nx-card__text nx-city__status">
          市里进度：{CITY_STATUS_LABELS[cityStatus] ?? cityStatus}
          {forward.cityStatusNotes ? `（${forward.cityStatusNotes}）` : ''}
        </Text>
      ) : null}
      {forward.attempts && forward.state !== 'forwarded' && forward.state !== 'closed' ? (
        <Text className="nx-card__text nx-city__attempts">
          已尝试 {forward.attempts} 次{forward.lastError ? `，最近一次失败：${forward.lastError}` : ''}
        </Text>
      ) : null}
    </View>
  );
}
