import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { PrivacyOverview } from '@nuanxin/shared/privacy/schemas';
import { CONSENT_SCOPE_LABELS, CONSENT_SCOPES } from '@nuanxin/shared/privacy/constants';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { ROUTES } from '../../../routes';
import { openPrivacyContract } from '../../../services/privacy';
import { downloadMyData, privacyApi } from '../../../services/privacyRights';
import { useSession } from '../../../services/session';
import { formatTime } from '../../../utils/format';
import './index.css';

/**
 * 我的 → 隐私与数据: what is kept, for how long (the server's configured retention), who sees it,
 * the privacy guide the person accepted and when (asks again when the version changed); a rider
 * also exports all their data and deletes the account here.
 */
export default function PrivacyPage() {
  const { user } = useSession();
  const [overview, setOverview] = useState<PrivacyOverview | null>(null);
  const load = useAction({ fallback: '加载失败，请稍后再试' });
  const task = useAction({ fallback: '操作失败，请稍后再试' });
  const [exported, setExported] = useState(false);
  const refresh = () => load.run(async () => setOverview(await privacyApi.overview()));
  useDidShow(() => void refresh());

  const isRider = user?.role === 'rider';

  async function onAgree() {
    if (!overview || task.running) return;
    await task.run(async () => {
      await privacyApi.consent(overview.guideVersion);
      await refresh();
      void Taro.showToast({ title: '已记录你的同意', icon: 'success' });
    });
  }

  async function onExport() {
    if (task.running) return;
    setExported(false);
    const ok = await task.run(downloadMyData, '导出失败，请稍后再试');
    if (ok) setExported(true);
  }

  const consent = overview?.consent;
  return (
    <PageShell title="隐私与数据" className="nx-privacy-page">
      {load.notice(() => void refresh())}
      {task.notice()}

      {overview ? (
        <View
          className={`nx-card nx-privacy-page__consent${overview.needsConsent ? ' nx-privacy-page__consent--ask' : ''}`}
        >
          <Text className="nx-card__title">隐私保护指引</Text>
          {consent ? (
            <Text className="nx-card__text nx-privacy-page__accepted">
              你于 {formatTime(consent.acceptedAt)} 同意了 {consent.version} 版
            </Text>
          ) : (
            <Text className="nx-card__text">尚无同意记录</Text>
          )}
          {overview.needsConsent ? (
            <>
              <Text className="nx-card__text nx-privacy-page__ask">
                {consent
                  ? `指引已更新为 ${overview.guideVersion} 版，请阅读后重新确认。`
                  : `当前版本 ${overview.guideVersion}，请阅读后确认。`}
                同意即授权暖新使用：
              </Text>
              {CONSENT_SCOPES.map((s) => (
                <Text key={s} className="nx-card__text nx-privacy-page__scope">
                  · {CONSENT_SCOPE_LABELS[s]}
                </Text>
              ))}
              <Text className="nx-privacy-page__link" onClick={openPrivacyContract}>
                《暖新隐私保护指引》
              </Text>
              <Button
                className="nx-button nx-button--primary"
                disabled={task.running || undefined}
                onClick={() => void onAgree()}
              >
                同意并继续
              </Button>
            </>
          ) : consent ? (
            <Text className="nx-card__text">
              已授权：
              {CONSENT_SCOPES.filter((s) => consent.scopes.includes(s))
                .map((s) => CONSENT_SCOPE_LABELS[s].split('（')[0])
                .join('、')}
            </Text>
          ) : null}
        </View>
      ) : null}

      {overview ? (
        <View className="nx-privacy-page__kinds">
          <Text className="nx-subtitle">我们保存什么、保存多久、谁能看到</Text>
          {overview.data.map((d) => (
            <View key={d.kind} className="nx-card nx-privacy-page__kind">
              <Text className="nx-card__title">{d.title}</Text>
              <Text className="nx-card__text">保存：{d.what}</Text>
              <Text className="nx-card__text">期限：{d.keptFor}</Text>
              <Text className="nx-card__text">可见：{d.seenBy}</Text>
            </View>
          ))}
        </View>
      ) : null}

      {isRider ? (
        <View className="nx-card nx-privacy-page__rights">
          <Text className="nx-card__title">你的权利</Text>
          <Text className="nx-card__text">
            导出：把你的实名信息、通行证、进出记录、随手拍（含照片）、积分和兑换券打包成一个文件（zip）。文件即时生成，服务器不保存。
          </Text>
          <Button
            className="nx-button nx-button--secondary"
            disabled={task.running || undefined}
            onClick={() => void onExport()}
          >
            {task.running ? '正在导出…' : '导出我的数据'}
          </Button>
          {exported ? (
            <Text className="nx-card__text nx-privacy-page__done">已导出，请妥善保管，不要转发给他人。</Text>
          ) : null}
          <Button
            className="nx-button nx-button--danger nx-privacy-page__delete"
            onClick={() => void Taro.navigateTo({ url: ROUTES.privacyDelete })}
          >
            注销账号
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
