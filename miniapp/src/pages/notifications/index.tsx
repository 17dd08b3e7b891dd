import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import { Notice } from '../../components/Notice';
import { formatTime } from '../../components/Timeline';
import { api } from '../../services/api';
import { reportsApi } from '../../services/reports';
import '../reports/detail/index.css';

/** The in-app inbox: every report outcome lands here, subscribed to WeChat messages or not. */
export default function NotificationsPage() {
  const [inbox, setInbox] = useState<NotificationList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => reportsApi.inbox().then(setInbox, (e: Error) => setError(e.message));
  useDidShow(() => void load());

  function open(n: NotificationList['items'][number]) {
    if (!n.read) void api.call<void>('POST', `/api/v1/notifications/${n.id}/read`).catch(() => undefined);
    if (n.reportId) void Taro.navigateTo({ url: `/pages/reports/detail/index?id=${n.reportId}` });
  }

  return (
    <View className="nx-page nx-inbox">
      <Text className="nx-title">消息</Text>
      {error ? <Notice message={error} onRetry={() => void load()} /> : null}
      {inbox && inbox.items.length === 0 ? <Text className="nx-subtitle">暂无消息</Text> : null}
      {(inbox?.items ?? []).map((n) => (
        <View
          key={n.id}
          className={`nx-card nx-inbox__item${n.read ? '' : ' nx-inbox__item--unread'}`}
          onClick={() => open(n)}
        >
          <Text className="nx-card__title">{n.title}</Text>
          <Text className="nx-card__text">{n.body}</Text>
          <Text className="nx-card__text">{formatTime(n.createdAt)}</Text>
        </View>
      ))}
    </View>
  );
}
