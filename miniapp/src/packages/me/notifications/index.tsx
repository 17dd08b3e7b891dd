import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { NotificationList } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { formatTime } from '../../../utils/format';
import { reportDetailUrl, ROUTES, staffReportUrl } from '../../../routes';
import { notificationsApi } from '../../../services/notifications';
import './index.css';

type Item = NotificationList['items'][number];

/** Where a notification leads: its report, the points page (vouchers for a voucher notice), or 暖新码. */
function targetOf(n: Item): string | null {
  // Staff notices (a dispatch to the crew, an overdue report) open the staff page of the report.
  if (n.reportId && (n.kind === 'report_dispatched' || n.kind === 'report_overdue')) return staffReportUrl(n.reportId);
  if (n.reportId) return reportDetailUrl(n.reportId);
  if (n.kind === 'voucher_expiring') return `${ROUTES.points}?tab=vouchers`;
  if (n.kind === 'points_expiring') return `${ROUTES.points}?tab=rewards`;
  // Pass notices (approved, rejected, revoked, expiring): the 暖新码 page lists the passes.
  if (n.kind.startsWith('pass_')) return ROUTES.access;
  return null;
}

/** The in-app inbox: report outcomes and points notices, subscribed to WeChat messages or not. */
export default function NotificationsPage() {
  const [inbox, setInbox] = useState<NotificationList | null>(null);
  const inboxLoad = useAction({ fallback: '加载失败，请稍后再试' });
  const marking = useAction({ fallback: '加载失败，请稍后再试' });
  const busy = marking.running;
  const load = () => inboxLoad.run(async () => setInbox(await notificationsApi.list()));
  // Loaded on mount, and again whenever the page shows after that (back from a report).
  const shownOnce = useRef(false);
  useEffect(() => {
    void load();
  }, []);
  useDidShow(() => {
    if (shownOnce.current) void load();
    shownOnce.current = true;
  });

  /** Marked read here at once; the server is told in the background (a lost call is retried by the next visit). */
  function markLocally(ids: ReadonlySet<string>) {
    setInbox((current) =>
      current
        ? {
            items: current.items.map((n) => (ids.has(n.id) ? { ...n, read: true } : n)),
            unread: Math.max(0, current.unread - current.items.filter((n) => ids.has(n.id) && !n.read).length),
          }
        : current,
    );
  }

  function open(n: Item) {
    if (!n.read) {
      markLocally(new Set([n.id]));
      void notificationsApi.read(n.id).catch(() => undefined);
    }
    const url = targetOf(n);
    if (url) void Taro.navigateTo({ url });
  }

  async function readAll() {
    if (!inbox || busy) return;
    await marking.run(async () => {
      await notificationsApi.readAll();
      markLocally(new Set(inbox.items.map((n) => n.id)));
      setInbox((current) => (current ? { ...current, unread: 0 } : current));
    });
  }

  const unread = inbox?.unread ?? 0;
  return (
    <PageShell title="消息" className="nx-inbox">
      <View className="nx-inbox__head">
        <View className="nx-title">
          <Text>消息</Text>
          {unread > 0 ? <Text className="nx-inbox__count">{unread} 条未读</Text> : null}
        </View>
        {unread > 0 ? (
          <Button
            className="nx-button nx-button--secondary nx-inbox__read-all"
            disabled={busy || undefined}
            loading={busy}
            onClick={() => void readAll()}
          >
            全部已读
          </Button>
        ) : null}
      </View>
      {inboxLoad.notice(() => void load())}
      {marking.notice()}
      {inbox && inbox.items.length === 0 ? <Text className="nx-subtitle">暂无消息</Text> : null}
      {(inbox?.items ?? []).map((n) => (
        <View
          key={n.id}
          className={`nx-card nx-inbox__item${n.read ? '' : ' nx-inbox__item--unread'}`}
          onClick={() => open(n)}
        >
          <View className="nx-inbox__title-row">
            {n.read ? null : <Text className="nx-inbox__dot">未读</Text>}
            <Text className="nx-card__title">{n.title}</Text>
          </View>
          <Text className="nx-card__text">{n.body}</Text>
          <Text className="nx-card__text nx-inbox__time">{formatTime(n.createdAt)}</Text>
        </View>
      ))}
    </PageShell>
  );
}
