import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { RiderCheckResult } from '@nuanxin/shared/access/schemas';
import { PLATFORM_LABELS, VEHICLE_LABELS } from '@nuanxin/shared/access/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';
import { IS_H5 } from '../../../../env';
import { accessApi } from '../../../../services/access';
import { ensurePrivacyAuthorized } from '../../../../services/privacy';
import '../../../../styles/staff.css';

/** The guard scans the rider's rotating code and sees masked details and the decision. */
export default function StaffCheckPage() {
  const [result, setResult] = useState<RiderCheckResult | null>(null);
  const checking = useAction({ fallback: '查验失败，请重试' });
  const [manual, setManual] = useState('');

  async function check(code: string) {
    setResult(null);
    await checking.run(async () => setResult(await accessApi.checkRider(code.trim())));
  }

  async function scan() {
    try {
      await ensurePrivacyAuthorized();
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await check(res.result);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? '')))
        checking.fail(IS_H5 ? '浏览器中无法扫码，请在下方粘贴骑手码' : '无法打开相机，请重试');
    }
  }

  return (
    <PageShell title="查验骑手码" className="nx-check">
      <PrivacyPopup />
      {result ? (
        <View className={`nx-check__result nx-check__result--${result.granted ? 'granted' : 'denied'}`}>
          <Text className="nx-check__title">{result.granted ? '已准入' : '未准入'}</Text>
          <Text className="nx-card__text" style={{ color: '#fff' }}>
            {result.community.name} · {result.message}
          </Text>
          <Text className="nx-card__text" style={{ color: '#fff' }}>
            {result.rider.nameMasked} · {PLATFORM_LABELS[result.rider.platform]} · {result.rider.stationName}
          </Text>
          <Text className="nx-card__text" style={{ color: '#fff' }}>
            {VEHICLE_LABELS[result.rider.vehicleKind]} {result.rider.plateMasked ?? ''} · {result.rider.phoneMasked}
          </Text>
        </View>
      ) : null}
      {checking.notice()}
      <Button className="nx-button nx-button--primary" onClick={() => void scan()}>
        扫骑手码
      </Button>
      {IS_H5 ? (
        <View className="nx-card">
          <Input
            className="nx-form__input"
            value={manual}
            maxlength={512}
            placeholder="粘贴骑手码"
            onInput={(e) => setManual(e.detail.value)}
          />
          <Button className="nx-button nx-button--secondary" onClick={() => void check(manual)}>
            查验
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
