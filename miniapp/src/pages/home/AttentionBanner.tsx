import { Text, View } from '@tarojs/components';
import type { AttentionItem } from '@nuanxin/shared/notifications/schemas';
import { openRoute, reportDetailUrl, ROUTES } from '../../routes';
import './AttentionBanner.css';

/** Where each item takes the rider. */
function urlOf(item: AttentionItem): string {
  switch (item.kind) {
    case 'pass_refused':
    case 'pass_pending':
      return ROUTES.access;
    case 'report_fixed':
      return item.targetId ? reportDetailUrl(item.targetId) : ROUTES.myReports;
    case 'voucher_expiring':
      return ROUTES.points;
    case 'unread':
      return ROUTES.notifications;
  }
}

/** The home page's "needs your action" banner: one large row per item, most blocking first. */
export function AttentionBanner({ items }: { items: readonly AttentionItem[] }) {
  if (items.length === 0) return null;
  return (
    <View className="nx-attention">
      {items.map((item) => (
        <View
          key={item.kind}
          className={`nx-attention__item nx-attention__item--${item.kind}`}
          hoverClass="nx-attention__item--pressed"
          onClick={() => openRoute(urlOf(item))}
        >
          <Text className="nx-attention__title">{item.title}</Text>
          <Text className="nx-attention__go">›</Text>
        </View>
      ))}
    </View>
  );
}
