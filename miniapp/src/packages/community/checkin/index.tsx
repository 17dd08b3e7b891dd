import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { CheckinResult } from '@nuanxin/shared/activities/schemas';
import { PageShell } from '../../../components/PageShell';
import { PrivacyPopup } from '../../../components/PrivacyPopup';
import { useAction } from '../../../components/useAction';
import { IS_H5 } from '../../../env';
import { openRoute, ROUTES } from '../../../routes';
import { activitiesApi } from '../../../services/activities';
import { ensurePrivacyAuthorized } from '../../../services/privacy';
import '../../../styles/admin.css';
import '../community.css';

/**
 * 活动签到: scan the organiser's rotating code (weapp camera), or type its six digits / paste the
 * code (H5 has no scanner). Or show 我的暖新码 and let the organiser scan it.
 */
export default function CheckinPage() {
  const [code, setCode] = useState('');
  const [result, setResult] = useState<CheckinResult | null>(null);
  const checking = useAction({ fallback: '签到失败，请重试' });

  async function submit(text: string) {
    if (!text.trim()) return checking.fail('请输入现场签到码（6 位数字）');
    setResult(null);
    await checking.run(async () => {
      setResult(await activitiesApi.checkIn(text.trim()));
      setCode('');
    });
  }

  async function scan() {
    try {
      await ensurePrivacyAuthorized();
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await submit(res.result);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) checking.fail('无法打开相机，请重试');
    }
  }

  return (
    <PageShell title="活动签到" className="nx-act-checkin">
      <PrivacyPopup />
      {result ? (
        <View className="nx-act-checkin__ok">
          <Text className="nx-act-checkin__ok-title">{result.firstTime ? '签到成功' : '已签到过'}</Text>
          <Text className="nx-act-detail__mine-text">
            {result.title}
            {` · 第 ${result.sessionSeq} 场`}
          </Text>
          <Text className="nx-act-detail__mine-text">
            {result.firstTime
              ? result.points > 0
                ? `获得 ${result.points} 积分`
                : '今日或本月的活动积分已达上限，本次签到不加分'
              : '同一场只算一次'}
          </Text>
        </View>
      ) : null}
      {checking.notice()}
      {IS_H5 ? (
        <View className="nx-card">
          <Text className="nx-card__title">输入现场签到码</Text>
          <Text className="nx-card__text">组织者屏幕上的 6 位数字（每 30 秒更新），或粘贴签到码</Text>
          <Input
            className="nx-admin__input nx-act-checkin__input"
            value={code}
            maxlength={400}
            placeholder="如 123456"
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void submit(code)}
          />
          <Button
            className="nx-button nx-button--primary nx-act-checkin__submit"
            disabled={checking.running || undefined}
            onClick={() => void submit(code)}
          >
            签到
          </Button>
        </View>
      ) : (
        <Button className="nx-button nx-button--primary nx-act-checkin__scan" onClick={() => void scan()}>
          扫现场签到码
        </Button>
      )}
      <Button className="nx-button nx-button--secondary" onClick={() => openRoute(ROUTES.accessCode)}>
        出示我的暖新码给组织者扫
      </Button>
      {result ? (
        <Button className="nx-button nx-button--secondary" onClick={() => openRoute(ROUTES.points)}>
          查看积分
        </Button>
      ) : null}
    </PageShell>
  );
}
