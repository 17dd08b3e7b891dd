import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { CheckinResult, Roster } from '@nuanxin/shared/activities/schemas';
import { SIGNUP_STATUS_LABELS, CHECKIN_MARGIN_MINUTES } from '@nuanxin/shared/activities/constants';
import { PageShell } from '../../../../../components/PageShell';
import { useAction } from '../../../../../components/useAction';
import { PrivacyPopup } from '../../../../../components/PrivacyPopup';
import { IS_H5 } from '../../../../../env';
import { openRoute } from '../../../../../routes';
import { activitiesApi, clockOf, seatsOf, staffCodeUrl, when } from '../../../../../services/activities';
import { downloadAuthenticated } from '../../../../../services/download';
import { ensurePrivacyAuthorized } from '../../../../../services/privacy';
import '../../../../../styles/admin.css';
import '../../../community.css';

const MARGIN = CHECKIN_MARGIN_MINUTES * 60_000;

/**
 * 名单与签到: each session with its check-in count and its code; the organiser may also enter a
 * rider's own 暖新码; the roster with attendance and no-shows (phones masked); CSV export.
 */
export default function StaffRosterPage() {
  const id = useRouter().params.id ?? '';
  const [roster, setRoster] = useState<Roster | null>(null);
  const loading = useAction({ fallback: '名单加载失败，请重试' });
  const checking = useAction({ fallback: '签到失败，请重试' });
  const exporting = useAction({ fallback: '导出失败，请重试', anyError: true });
  const [riderCode, setRiderCode] = useState('');
  const [result, setResult] = useState<CheckinResult | null>(null);

  const load = useCallback(async () => {
    await loading.run(async () => setRoster(await activitiesApi.roster(id)));
  }, [id, loading.run]);
  useDidShow(() => void load());

  const now = Date.now();
  // The session whose check-in is open now (else the next one): where a scanned rider code counts.
  const current =
    roster?.activity.sessions.find(
      (s) => now >= new Date(s.startsAt).getTime() - MARGIN && now <= new Date(s.endsAt).getTime() + MARGIN,
    ) ?? roster?.activity.sessions.find((s) => new Date(s.endsAt).getTime() > now);

  async function checkRider(code: string) {
    if (!current) return checking.fail('没有正在签到的场次');
    if (!code.trim()) return checking.fail('请粘贴骑手的暖新码');
    setResult(null);
    const ok = await checking.run(async () => setResult(await activitiesApi.checkInRider(current.id, code.trim())));
    if (ok) {
      setRiderCode('');
      void load();
    }
  }

  async function scan() {
    try {
      await ensurePrivacyAuthorized();
      const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      await checkRider(res.result);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) checking.fail('无法打开相机，请重试');
    }
  }

  const a = roster?.activity;
  const counts = new Map(roster?.checkins.map((c) => [c.sessionSeq, c.count]) ?? []);

  return (
    <PageShell title="名单与签到" className="nx-act-roster">
      <PrivacyPopup />
      {loading.notice(() => void load())}
      {a ? (
        <>
          <View className="nx-card">
            <Text className="nx-card__title">{a.title}</Text>
            <Text className="nx-act-card__line">
              {a.address} · {seatsOf(a)}
            </Text>
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">场次与签到码</Text>
            {a.sessions.map((s) => (
              <View key={s.id} className="nx-act-session">
                <Text className="nx-act-session__text">
                  {a.sessions.length > 1 ? `第 ${s.seq} 场 ` : ''}
                  {when(s.startsAt)}–{clockOf(s.endsAt)} · 已签到 {counts.get(s.seq) ?? 0}
                </Text>
                <Button
                  className="nx-button nx-button--primary nx-act-roster__code"
                  onClick={() => openRoute(staffCodeUrl(a.id, s.id))}
                >
                  签到码
                </Button>
              </View>
            ))}
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">核验骑手码签到{current ? `（第 ${current.seq} 场）` : ''}</Text>
            <Text className="nx-card__text">骑手无法扫码时，扫或粘贴骑手的暖新码为其签到</Text>
            {result ? (
              <Text className="nx-admin__ok nx-act-roster__result">
                {result.riderName}：
                {result.firstTime ? `签到成功${result.points > 0 ? `，+${result.points} 积分` : ''}` : '已签到过'}
              </Text>
            ) : null}
            {checking.notice()}
            {IS_H5 ? (
              <>
                <Input
                  className="nx-admin__input nx-act-roster__rider-code"
                  value={riderCode}
                  maxlength={400}
                  placeholder="粘贴骑手码"
                  onInput={(e) => setRiderCode(e.detail.value)}
                />
                <Button className="nx-button nx-button--secondary" onClick={() => void checkRider(riderCode)}>
                  签到
                </Button>
              </>
            ) : (
              <Button className="nx-button nx-button--secondary" onClick={() => void scan()}>
                扫骑手码
              </Button>
            )}
          </View>
          <View className="nx-card">
            <View className="nx-act-card__head">
              <Text className="nx-card__title">名单（{roster.rows.length} 人）</Text>
            </View>
            {roster.rows.length === 0 ? <Text className="nx-card__text">还没有人报名</Text> : null}
            {roster.rows.map((r) => (
              <View key={r.riderId} className="nx-act-roster__row">
                <Text className="nx-act-roster__name">{r.name}</Text>
                <Text className="nx-act-roster__meta">
                  {r.phoneMasked} · {SIGNUP_STATUS_LABELS[r.status]}
                  {r.position ? ` 第 ${r.position} 位` : ''}
                  {r.status === 'confirmed'
                    ? ` · 签到 ${r.attended.length}/${a.sessions.length}${r.attended.length && a.sessions.length > 1 ? `（第 ${r.attended.join('、')} 场）` : ''}`
                    : ''}
                  {r.noShows > 0 ? <Text className="nx-act-roster__noshow">{` · 缺席 ${r.noShows}`}</Text> : null}
                </Text>
              </View>
            ))}
          </View>
          {exporting.notice()}
          <Button
            className="nx-button nx-button--secondary nx-act-roster__csv"
            disabled={exporting.running || undefined}
            onClick={() =>
              void exporting.run(() =>
                downloadAuthenticated(activitiesApi.rosterCsvPath(a.id), `活动名单-${a.title}.csv`, 'file'),
              )
            }
          >
            导出名单 CSV
          </Button>
        </>
      ) : null}
    </PageShell>
  );
}
