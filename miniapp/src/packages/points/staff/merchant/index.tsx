import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { MerchantVoucher } from '@nuanxin/shared/points/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { hasWechatScanner, QrCamera } from '../../../../components/QrCamera';
import { IS_H5 } from '../../../../env';
import { merchantApi } from '../../../../services/points';
import { goToLogin, useSession } from '../../../../services/session';
import { formatDateTime } from '../../../../utils/format';
import { Statement } from '../statement/Statement';
import './index.css';

/** A short code reads in capitals; a QR payload keeps its case (its signature is base64url). */
export const asTyped = (value: string) => (/^nx1\./i.test(value.trim()) ? value : value.toUpperCase());

/**
 * Merchant counter: scan (weapp: scanCode; H5: the browser's camera, QrCamera) or type the short
 * code or a scanner gun's payload (a damaged QR, no camera), check,
 * confirm; below, today's and this month's figures with the day-by-day statement.
 */
export default function MerchantPage() {
  const { user } = useSession();
  const [code, setCode] = useState('');
  // What a lookup found (before confirming), and what this counter just confirmed: a success is
  // its own green card, never the looked-up voucher re-read as 已核销过 (that red card is for a
  // voucher someone scans a second time).
  const [voucher, setVoucher] = useState<MerchantVoucher | null>(null);
  const [done, setDone] = useState<MerchantVoucher | null>(null);
  const [scanned, setScanned] = useState('');
  const [refreshKey, setRefreshKey] = useState(0);
  const [camera, setCamera] = useState(false);
  const desk = useAction({ fallback: '操作失败，请稍后再试' });
  const busy = desk.running;

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

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
    if (IS_H5 && !hasWechatScanner()) {
      setCamera(true);
      return;
    }
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
      setVoucher(null);
      setDone(used);
      setCode('');
    });
    if (confirmed) setRefreshKey((k) => k + 1);
  }

  return (
    <PageShell title="扫码核销" className="nx-merchant">
      <Button className="nx-button nx-button--primary nx-merchant__scan" onClick={() => void onScan()}>
        扫码核销
      </Button>
      {IS_H5 && camera ? (
        <QrCamera
          what="兑换券二维码"
          onResult={(text) => {
            setCamera(false);
            setCode(text);
            void lookup(text);
          }}
          onClose={() => setCamera(false)}
        />
      ) : null}
      <View className="nx-card">
        <Text className="nx-card__title">输入兑换码</Text>
        <Text className="nx-card__text">8 位兑换码，或扫码枪读出的整段二维码内容（NX1. 开头）</Text>
        <Input
          className="nx-merchant__input"
          value={code}
          // The QR payload (NX1.<key>.<voucher id>.<signature>, ~70 characters) is case-sensitive:
          // a scanner gun types it here; only a typed short code is upper-cased.
          maxlength={200}
          placeholder="如 ABCD EFGH"
          onInput={(e) => setCode(asTyped(e.detail.value))}
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

      {done ? (
        <View className="nx-card nx-merchant__done">
          <Text className="nx-merchant__done-title">✓ 核销成功</Text>
          <Text className="nx-merchant__reward">{done.rewardTitle}</Text>
          <Text className="nx-card__text">骑手：{done.riderName}</Text>
          <Text className="nx-card__text">积分：{done.points} 分</Text>
          {done.resolvedAt ? <Text className="nx-card__text">核销时间：{formatDateTime(done.resolvedAt)}</Text> : null}
        </View>
      ) : null}

      {voucher ? (
        <View className={`nx-card nx-merchant__voucher nx-merchant__voucher--${voucher.validity}`}>
          <Text className="nx-merchant__validity">{voucher.validityLabel}</Text>
          <Text className="nx-merchant__reward">{voucher.rewardTitle}</Text>
          <Text className="nx-card__text">骑手：{voucher.riderName}</Text>
          <Text className="nx-card__text">积分：{voucher.points} 分</Text>
          {voucher.validity === 'used' && voucher.resolvedAt ? (
            <Text className="nx-card__text nx-merchant__used-at">核销时间：{formatDateTime(voucher.resolvedAt)}</Text>
          ) : (
            <Text className="nx-card__text">有效期至：{formatDateTime(voucher.expiresAt)}</Text>
          )}
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

      <Statement refreshKey={refreshKey} />
    </PageShell>
  );
}
