import Taro, { useRouter } from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState } from 'react';
import type { ActivityCode } from '@nuanxin/shared/activities/schemas';
import { PageShell } from '../../../../../components/PageShell';
import { errorMessage, useAction } from '../../../../../components/useAction';
import { IS_WEAPP } from '../../../../../env';
import { activitiesApi } from '../../../../../services/activities';
import '../../../community.css';

/**
 * The session's rotating check-in code, shown big for riders to scan (QR) or type (six digits).
 * It turns every 30 s and is fetched again as it turns, so a photo sent to someone at home stops
 * working within a minute. Screen kept on and bright on weapp.
 */
export default function StaffActivityCodePage() {
  const sessionId = useRouter().params.session ?? '';
  const [code, setCode] = useState<ActivityCode | null>(null);
  const fetching = useAction();
  const [left, setLeft] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      try {
        const next = await activitiesApi.sessionCode(sessionId);
        if (!alive) return;
        setCode(next);
        fetching.fail(null);
        timer.current = setTimeout(() => void refresh(), next.refreshInSeconds * 1000);
      } catch (err) {
        if (!alive) return;
        fetching.fail(errorMessage(err, '获取签到码失败，正在重试'));
        timer.current = setTimeout(() => void refresh(), 5000);
      }
    };
    void refresh();
    if (IS_WEAPP) {
      void Taro.setKeepScreenOn({ keepScreenOn: true });
      void Taro.setScreenBrightness({ value: 1 });
    }
    const tick = setInterval(() => setLeft((l) => Math.max(0, l - 1)), 1000);
    return () => {
      alive = false;
      clearTimeout(timer.current);
      clearInterval(tick);
      if (IS_WEAPP) void Taro.setKeepScreenOn({ keepScreenOn: false });
    };
  }, [sessionId]);

  useEffect(() => {
    if (code) setLeft(code.refreshInSeconds);
  }, [code]);

  return (
    <PageShell title="签到码" className="nx-act-code">
      <Text className="nx-subtitle">请骑手用“社区 → 活动签到”扫码，或输入下方 6 位数字</Text>
      {fetching.notice()}
      {code ? (
        <View className="nx-act-code__box">
          <Image className="nx-act-code__qr" src={code.qrDataUrl} mode="aspectFit" />
          <Text className="nx-act-code__digits">{`${code.digits.slice(0, 3)} ${code.digits.slice(3)}`}</Text>
          <Text className="nx-act-code__left">{left > 0 ? `${left} 秒后更新` : '正在更新…'}</Text>
        </View>
      ) : (
        <Text className="nx-subtitle">正在生成…</Text>
      )}
    </PageShell>
  );
}
