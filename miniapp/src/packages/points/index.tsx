import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { HistoryLine, NoticeList, PointsSummary, Reward, Voucher } from '@nuanxin/shared/points/schemas';
import { Notice } from '../../components/Notice';
import { PageShell } from '../../components/PageShell';
import { useAction } from '../../components/useAction';
import { ApiError } from '../../services/api';
import { notificationsApi } from '../../services/notifications';
import { pointsApi } from '../../services/points';
import { goToLogin, useSession } from '../../services/session';
import { formatDate, formatDateTime, signed } from '../../utils/format';
import { newIdempotencyKey } from '../../utils/idempotency';
import { ROUTES } from '../../routes';
import './index.css';

type Tab = 'overview' | 'rewards' | 'vouchers';
type PointNoticeItem = NoticeList['items'][number];

const TABS: readonly { key: Tab; label: string }[] = [
  { key: 'overview', label: '积分明细' },
  { key: 'rewards', label: '兑换' },
  { key: 'vouchers', label: '我的兑换券' },
];

const isTab = (value: unknown): value is Tab => TABS.some((t) => t.key === value);

export default function PointsPage() {
  const { user } = useSession();
  const { params } = useRouter();
  // A notice opens the page on the tab it is about (?tab=vouchers).
  const [tab, setTab] = useState<Tab>(isTab(params?.tab) ? params.tab : 'overview');
  const [summary, setSummary] = useState<PointsSummary | null>(null);
  const [history, setHistory] = useState<HistoryLine[]>([]);
  const [historyCursor, setHistoryCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [notices, setNotices] = useState<PointNoticeItem[]>([]);
  const [rewards, setRewards] = useState<Reward[]>([]);
  const [vouchers, setVouchers] = useState<Voucher[]>([]);
  const page = useAction({ fallback: '加载失败，请稍后再试' });
  // Which reward or voucher is being redeemed or cancelled (its button shows the spinner).
  const [busy, setBusy] = useState<string | null>(null);
  // One key per reward until the server answers: a retried tap repeats the same redeem.
  const [pendingKeys, setPendingKeys] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    await page.run(async () => {
      const [s, h, r, v, n] = await Promise.all([
        pointsApi.summary(),
        pointsApi.history(),
        pointsApi.rewards(),
        pointsApi.vouchers(),
        pointsApi.notices(),
      ]);
      setSummary(s);
      // A refresh starts the history again from the newest line.
      setHistory(h.items);
      setHistoryCursor(h.nextCursor);
      setRewards(r.items);
      setVouchers(v.items);
      setNotices(n.items.filter((x) => !x.readAt).slice(0, 1));
    });
  }, [page.run]);

  /** 加载更多: the next page after the last line shown (the server's cursor: no line twice, none missed). */
  async function loadMore() {
    if (!historyCursor || loadingMore) return;
    setLoadingMore(true);
    await page.run(async () => {
      const next = await pointsApi.history(historyCursor);
      setHistory((lines) => {
        const seen = new Set(lines.map((l) => l.id));
        return [...lines, ...next.items.filter((l) => !seen.has(l.id))];
      });
      setHistoryCursor(next.nextCursor);
    });
    setLoadingMore(false);
  }

  /** 知道了: the notice is read (in the inbox too) and leaves the page. */
  function dismissNotice(id: string) {
    setNotices((list) => list.filter((n) => n.id !== id));
    void notificationsApi.read(id).catch(() => undefined);
  }

  useEffect(() => {
    if (!user) goToLogin();
    else if (user.role === 'rider') void load();
  }, [user, load]);

  if (!user) return <PageShell title="积分" />;
  if (user.role !== 'rider') {
    return (
      <PageShell title="积分" className="nx-points">
        <Text className="nx-subtitle">积分与兑换面向骑手。商户请在工作台扫码核销。</Text>
      </PageShell>
    );
  }

  async function onRedeem(reward: Reward) {
    if (busy) return;
    const ok = await Taro.showModal({
      title: `兑换${reward.title}`,
      content: `将使用 ${reward.pricePoints} 积分，在${reward.merchant.name}出示兑换券即可。${reward.voucherValidDays} 天内有效。`,
      confirmText: '兑换',
      cancelText: '再想想',
    });
    if (!ok.confirm) return;
    const key = pendingKeys[reward.id] ?? newIdempotencyKey();
    setPendingKeys((k) => ({ ...k, [reward.id]: key }));
    setBusy(reward.id);
    const redeemed = await page.run(async () => {
      try {
        await pointsApi.redeem(reward.id, key);
      } catch (err) {
        // A network failure keeps the key for the retry; a refusal is final, so the key goes.
        if (!(err instanceof ApiError && err.isNetwork)) setPendingKeys(({ [reward.id]: _done, ...rest }) => rest);
        throw err;
      }
      setPendingKeys(({ [reward.id]: _done, ...rest }) => rest);
    });
    if (redeemed) {
      await load();
      setTab('vouchers');
    }
    setBusy(null);
  }

  async function onCancel(voucher: Voucher) {
    const ok = await Taro.showModal({
      title: '取消兑换',
      content: `取消后 ${voucher.points} 积分将退回，确定吗？`,
      confirmText: '取消兑换',
      cancelText: '保留',
      confirmColor: '#b91c1c',
    });
    if (!ok.confirm) return;
    setBusy(voucher.id);
    if (await page.run(() => pointsApi.cancelVoucher(voucher.id))) await load();
    setBusy(null);
  }

  const open = vouchers.filter((v) => v.status === 'issued');
  const past = vouchers.filter((v) => v.status !== 'issued');

  return (
    <PageShell title="积分" className="nx-points">
      <View className="nx-points__balance">
        <Text className="nx-points__balance-label">可用积分</Text>
        <Text className="nx-points__balance-value">{summary ? summary.available : '—'}</Text>
        {summary ? (
          <View className="nx-points__balance-meta">
            <Text className="nx-points__meta">兑换券冻结 {summary.held} 分（核销后扣除，取消或过期退回）</Text>
            {summary.expiringSoon.amount > 0 && summary.expiringSoon.earliest ? (
              <Text className="nx-points__meta nx-points__meta--warn">
                {summary.expiringSoon.amount} 分将于 {formatDate(summary.expiringSoon.earliest)} 起过期
              </Text>
            ) : null}
          </View>
        ) : null}
      </View>

      {notices.map((n) => (
        <View key={n.id} className="nx-points__notice">
          <Notice tone="info" message={`${n.title}：${n.body}`} />
          <Button className="nx-button nx-button--secondary nx-points__notice-ok" onClick={() => dismissNotice(n.id)}>
            知道了
          </Button>
        </View>
      ))}
      {page.notice(() => void load())}
      <View className="nx-points__rules-link" onClick={() => void Taro.navigateTo({ url: ROUTES.pointsRules })}>
        <Text className="nx-points__meta">积分管理办法：怎样得积分、上限与兑换规则 ›</Text>
      </View>

      <View className="nx-points__tabs">
        {TABS.map((t) => (
          <View
            key={t.key}
            className={`nx-points__tab nx-points__tab--${t.key}${tab === t.key ? ' nx-points__tab--active' : ''}`}
            onClick={() => setTab(t.key)}
          >
            <Text>
              {t.label}
              {t.key === 'vouchers' && open.length > 0 ? ` (${open.length})` : ''}
            </Text>
          </View>
        ))}
      </View>

      {tab === 'overview' ? (
        <View className="nx-points__history">
          {history.length === 0 ? (
            <Text className="nx-card__text">还没有积分记录。上报随手拍被受理可得 2 分。</Text>
          ) : null}
          {history.map((line) => (
            <View key={line.id} className={`nx-history-line nx-history-line--${line.reason}`}>
              <View className="nx-history-line__main">
                <Text className="nx-history-line__reason">{line.reasonLabel}</Text>
                {line.detail ? <Text className="nx-history-line__detail">{line.detail}</Text> : null}
                <Text className="nx-history-line__at">{formatDateTime(line.at)}</Text>
              </View>
              <Text
                className={`nx-history-line__amount${line.amount > 0 ? ' nx-history-line__amount--plus' : line.amount < 0 ? ' nx-history-line__amount--minus' : ''}`}
              >
                {line.reason === 'voucher_used' && line.amount === 0 ? '已扣除' : signed(line.amount)}
              </Text>
            </View>
          ))}
          {historyCursor ? (
            <Button
              className="nx-button nx-button--secondary nx-points__more"
              loading={loadingMore}
              disabled={loadingMore || undefined}
              onClick={() => void loadMore()}
            >
              加载更多
            </Button>
          ) : history.length > 0 ? (
            <Text className="nx-points__end">没有更早的记录了</Text>
          ) : null}
        </View>
      ) : null}

      {tab === 'rewards' ? (
        <View className="nx-points__rewards">
          {rewards.length === 0 ? <Text className="nx-card__text">暂时没有可兑换的奖励。</Text> : null}
          {rewards.map((r) => (
            <View key={r.id} className="nx-card nx-reward">
              <View className="nx-reward__head">
                <Text className="nx-reward__title">{r.title}</Text>
                <Text className="nx-reward__price">{r.pricePoints} 分</Text>
              </View>
              <Text className="nx-card__text">{r.merchant.name}</Text>
              <Text className="nx-reward__meta">
                {r.merchant.address}
                {r.hours ? ` · 营业 ${r.hours}` : ''}
              </Text>
              <Text className="nx-reward__meta">
                本期剩余 {r.stockLeft} 份
                {r.perRiderMonthlyLimit != null
                  ? ` · 每月限兑 ${r.perRiderMonthlyLimit} 次（已兑 ${r.usedThisMonth}）`
                  : ''}
              </Text>
              {r.blockedBy === 'POINTS_INSUFFICIENT' ? (
                <Text className="nx-reward__short">还差 {r.shortBy} 分</Text>
              ) : r.blockedBy === 'REWARD_OUT_OF_STOCK' ? (
                <Text className="nx-reward__short">本期已兑完</Text>
              ) : r.blockedBy === 'REWARD_MONTHLY_LIMIT' ? (
                <Text className="nx-reward__short">本月已达兑换上限</Text>
              ) : (
                <Button
                  className="nx-button nx-button--primary nx-reward__redeem"
                  loading={busy === r.id}
                  disabled={busy !== null || undefined}
                  onClick={() => void onRedeem(r)}
                >
                  兑换
                </Button>
              )}
            </View>
          ))}
        </View>
      ) : null}

      {tab === 'vouchers' ? (
        <View className="nx-points__vouchers">
          {open.length === 0 && past.length === 0 ? <Text className="nx-card__text">还没有兑换券。</Text> : null}
          {open.map((v) => (
            <View key={v.id} className="nx-card nx-voucher nx-voucher--issued">
              <Text className="nx-voucher__title">
                {v.rewardTitle} · {v.merchantName}
              </Text>
              <Text className="nx-card__text">请向店员出示二维码，或报出兑换码</Text>
              {v.qrImage ? <Image className="nx-voucher__qr" src={v.qrImage} mode="aspectFit" /> : null}
              <Text className="nx-voucher__code">{v.shortCode}</Text>
              <Text className="nx-voucher__meta">
                {v.points} 分 · 有效期至 {formatDateTime(v.expiresAt)}
              </Text>
              <Button
                className="nx-button nx-button--danger nx-voucher__cancel"
                disabled={busy !== null || undefined}
                onClick={() => void onCancel(v)}
              >
                取消兑换，退回积分
              </Button>
            </View>
          ))}
          {past.map((v) => (
            <View key={v.id} className={`nx-card nx-voucher nx-voucher--${v.status}`}>
              <View className="nx-reward__head">
                <Text className="nx-voucher__title">
                  {v.rewardTitle} · {v.merchantName}
                </Text>
                <Text className={`nx-voucher__status nx-voucher__status--${v.status}`}>{v.statusLabel}</Text>
              </View>
              <Text className="nx-voucher__meta">
                {v.points} 分 · {v.resolvedAt ? formatDateTime(v.resolvedAt) : formatDateTime(v.createdAt)}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </PageShell>
  );
}
