import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { MerchantRedemptions, MerchantVoucher } from '@nuanxin/shared/points/schemas';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { IS_WEAPP } from '../../../../env';
import { merchantApi } from '../../../../services/points';
import { goToLogin, useSession } from '../../../../services/session';
import { formatDateTime } from '../../../../utils/format';
import './index.css';

/** Merchant counter: scan (weapp camera) or type the short code (H5, or a damaged QR), check, confirm. */
export default function MerchantPage() {
  const { user } = useSession();
  const [code, setCode] = useState('');
  const [voucher, setVoucher] = useState<MerchantVoucher | null>(null);
  const [scanned, setScanned] = useState('');
  const [stats, setStats] = useState<MerchantRedemptions | null>(null);
  // The counter (look up, confirm) and the figures below it fail on their own.
  const desk = useAction({ fallback: '操作失败，请稍后再试' });
  const figures = useAction({ fallback: '操作失败，请稍后再试' });
  const [done, setDone] = useState<string | null>(null);
  const busy = desk.running;

  const loadStats = useCallback(async () => {
    await figures.run(async () => setStats(await merchantApi.redemptions()));
  }, [figures.run]);

  useEffect(() => {
    if (!user) goToLogin();
    else if (user.role === 'merchant') void loadStats();
  }, [user, loadStats]);

  if (!user) return <PageShell title="扫码核销" />;
  if (user.role !== 'merchant') {
    return (
      <PageShell title="扫码核销">
        <Text className="nx-subtitle">仅友好商户可以核销兑换券。</Text>
      </PageShell>
    );
  }

  async function lookup(raw: string) {
    const value = raw.trim();
    if (!value || busy) return;
    setDone(null);
    setVoucher(null);
    await desk.run(async () => {
      setVoucher(await merchantApi.lookup(value));
      setScanned(value);
    });
  }

  async function onScan() {
    try {
      // Camera only: a photo from the album could be a screenshot of someone else's voucher.
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await lookup(res.result);
    } catch (err) {
      const msg = (err as { errMsg?: string }).errMsg ?? '';
      if (!msg.includes('cancel')) desk.fail('扫码失败，请输入兑换码');
    }
  }

  async function onConfirm() {
    if (!voucher || busy) return;
    const confirmed = await desk.run(async () => {
      const used = await merchantApi.confirm(scanned);
      setVoucher(used);
      setDone(`已核销：${used.rewardTitle}（${used.riderName}）`);
      setCode('');
    });
    if (confirmed) await loadStats();
  }

  return (
    <PageShell title="扫码核销" className="nx-merchant">
      {stats ? <Text className="nx-subtitle">{stats.merchantName}</Text> : null}
      {IS_WEAPP ? (
        <Button className="nx-button nx-button--primary nx-merchant__scan" onClick={() => void onScan()}>
          扫码核销
        </Button>
      ) : null}
      <View className="nx-card">
        <Text className="nx-card__title">输入兑换码</Text>
        <Input
          className="nx-merchant__input"
          value={code}
          maxlength={12}
          placeholder="8 位兑换码，如 ABCD EFGH"
          onInput={(e) => setCode(e.detail.value.toUpperCase())}
          onConfirm={() => void lookup(code)}
        />
        <Button
          className="nx-button nx-button--secondary nx-merchant__check"
          disabled={busy || undefined}
          onClick={() => void lookup(code)}
        >
          查询兑换券
        </Button>
      </View>

      {desk.notice()}
      {figures.notice()}
      {done ? <Notice tone="info" message={done} /> : null}

      {voucher ? (
        <View className={`nx-card nx-merchant__voucher nx-merchant__voucher--${voucher.validity}`}>
          <Text className="nx-merchant__validity">{voucher.validityLabel}</Text>
          <Text className="nx-merchant__reward">{voucher.rewardTitle}</Text>
          <Text className="nx-card__text">骑手：{voucher.riderName}</Text>
          <Text className="nx-card__text">积分：{voucher.points} 分</Text>
          <Text className="nx-card__text">有效期至：{formatDateTime(voucher.expiresAt)}</Text>
          {voucher.validity === 'valid' ? (
            <Button
              className="nx-button nx-button--primary nx-merchant__confirm"
              loading={busy}
              onClick={() => void onConfirm()}
            >
              确认核销
            </Button>
          ) : null}
        </View>
      ) : null}

      {stats ? (
        <View className="nx-card nx-merchant__stats">
          <View className="nx-merchant__tally">
            <View className="nx-merchant__tally-item">
              <Text className="nx-merchant__tally-value">{stats.today.count}</Text>
              <Text className="nx-merchant__tally-label">今日核销</Text>
            </View>
            <View className="nx-merchant__tally-item">
              <Text className="nx-merchant__tally-value">{stats.month.count}</Text>
              <Text className="nx-merchant__tally-label">本月核销</Text>
            </View>
            <View className="nx-merchant__tally-item">
              <Text className="nx-merchant__tally-value">{stats.month.points}</Text>
              <Text className="nx-merchant__tally-label">本月积分</Text>
            </View>
          </View>
          {stats.items.map((v) => (
            <View key={v.id} className="nx-merchant__row">
              <Text className="nx-merchant__row-title">
                {v.rewardTitle} · {v.riderName}
              </Text>
              <Text className="nx-merchant__row-at">{v.resolvedAt ? formatDateTime(v.resolvedAt) : ''}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </PageShell>
  );
}
