import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { RiderCode, Suspension } from '@nuanxin/shared/access/schemas';
import { PageShell } from '../../../components/PageShell';
import { errorMessage, useAction } from '../../../components/useAction';
import { SuspensionNotice } from '../components/SuspensionNotice';
import { IS_WEAPP } from '../../../env';
import { accessApi } from '../../../services/access';
import { ApiError } from '../../../services/api';
import './index.css';

/**
 * 我的暖新码 for guarded gates: a QR signed by the server (Ed25519) that expires after 30 s and is
 * fetched again before then, so a screenshot is useless. Brightness up so the guard's phone reads it.
 */
export default function AccessCodePage() {
  const [code, setCode] = useState<RiderCode | null>(null);
  // Not `run`: the refresh loop keeps the last error on screen until a code arrives.
  const fetching = useAction();
  const [left, setLeft] = useState(0);
  const [suspension, setSuspension] = useState<Suspension | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      try {
        const next = await accessApi.myCode();
        if (!alive) return;
        setCode(next);
        fetching.fail(null);
        timer.current = setTimeout(() => void refresh(), next.refreshInSeconds * 1000);
      } catch (err) {
        if (!alive) return;
        if (err instanceof ApiError && err.code === 'RIDER_SUSPENDED') {
          // No code until a suspender lifts it: say why instead of retrying every few seconds.
          setCode(null);
          const { profile } = await accessApi.profile().catch(() => ({ profile: null }));
          if (!alive) return;
          if (profile?.suspension) {
            setSuspension(profile.suspension);
            return;
          }
        }
        fetching.fail(errorMessage(err, '获取失败，请重试'));
        timer.current = setTimeout(() => void refresh(), 5000);
      }
    };
    void refresh();
    let previous: number | undefined;
    if (IS_WEAPP) {
      Taro.getScreenBrightness({ success: (r) => (previous = r.value) });
      void Taro.setScreenBrightness({ value: 1 });
      void Taro.setKeepScreenOn({ keepScreenOn: true });
    }
    const tick = setInterval(() => setLeft((l) => Math.max(0, l - 1)), 1000);
    return () => {
      alive = false;
      clearTimeout(timer.current);
      clearInterval(tick);
      if (IS_WEAPP) {
        if (previous !== undefined) void Taro.setScreenBrightness({ value: previous });
        void Taro.setKeepScreenOn({ keepScreenOn: false });
      }
    };
  }, []);

  useEffect(() => {
    if (code) setLeft(Math.max(0, Math.round((new Date(code.expiresAt).getTime() - Date.now()) / 1000)));
  }, [code]);

  return (
    <PageShell title="我的暖新码" className="nx-my-code">
      <Text className="nx-subtitle">请向门岗出示，门岗扫码核验。码每 30 秒更新，截图无效。</Text>
      {suspension ? <SuspensionNotice suspension={suspension} audience="rider" /> : null}
      {fetching.notice()}
      {suspension ? null : code ? (
        <View className="nx-my-code__box">
          <Image className="nx-my-code__qr" src={code.qrDataUrl} mode="aspectFit" />
          <Text className="nx-my-code__left">{left > 0 ? `${left} 秒后自动更新` : '正在更新…'}</Text>
        </View>
      ) : (
        <Text className="nx-subtitle">正在生成…</Text>
      )}
    </PageShell>
  );
}
