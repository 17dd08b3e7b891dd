import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { openRoute, ROUTES } from '../../../routes';
import { activitiesApi, clockOf, seatsOf, when } from '../../../services/activities';
import { downloadAuthenticated } from '../../../services/download';
import { askActivitySubscriptions } from '../../../services/subscriptions';
import '../../../styles/admin.css';
import '../community.css';

/** One activity: when and where, seats, and the rider's sign-up (报名 / 取消 / 候补第几位). */
export default function ActivityDetailPage() {
  const id = useRouter().params.id ?? '';
  const [a, setA] = useState<Activity | null>(null);
  const loading = useAction({ fallback: '活动加载失败，请重试' });
  const acting = useAction({ fallback: '操作失败，请重试' });
  const certificate = useAction({ fallback: '证书获取失败，请重试', anyError: true });
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    await loading.run(async () => setA(await activitiesApi.detail(id)));
  }, [id, loading.run]);

  useEffect(() => {
    void load();
  }, [load]);

  async function signUp() {
    setDone(null);
    const ok = await acting.run(async () => {
      // The reminder's subscribe message is asked for in this tap (WeChat, template configured).
      const subscriptions = await askActivitySubscriptions();
      const mine = await activitiesApi.signUp(id, subscriptions);
      setDone(mine.status === 'confirmed' ? '报名成功' : `名额已满，已进入候补，第 ${mine.position} 位`);
    });
    if (ok) await load();
  }

  async function cancel() {
    const res = await Taro.showModal({
      title: '取消报名？',
      content: '取消后名额会让给候补的骑手，再报名需要重新排队。',
      confirmText: '取消报名',
      cancelText: '再想想',
    });
    if (!res.confirm) return;
    setDone(null);
    const ok = await acting.run(async () => {
      await activitiesApi.cancel(id);
      setDone('已取消报名');
    });
    if (ok) await load();
  }

  const now = Date.now();
  const open =
    a && !a.cancelledAt && now >= new Date(a.signupOpensAt).getTime() && now < new Date(a.signupClosesAt).getTime();

  return (
    <PageShell title="活动详情" className="nx-act-detail">
      {loading.notice(() => void load())}
      {a ? (
        <>
          {a.cancelledAt ? (
            <View className="nx-act-detail__mine nx-act-detail__mine--cancelled">
              <Text className="nx-act-detail__mine-title">活动已取消</Text>
              <Text className="nx-act-detail__mine-text">
                {a.cancelReason ? `原因：${a.cancelReason}` : '主办方已取消本次活动'}
              </Text>
            </View>
          ) : a.mine ? (
            <View className={`nx-act-detail__mine nx-act-detail__mine--${a.mine.status}`}>
              <Text className="nx-act-detail__mine-title">
                {a.mine.status === 'confirmed' ? '已报名' : `候补第 ${a.mine.position} 位`}
              </Text>
              <Text className="nx-act-detail__mine-text">
                {a.mine.status === 'confirmed'
                  ? `到场后扫现场签到码签到${a.mine.attended > 0 ? `，已签到 ${a.mine.attended} 场` : ''}`
                  : '有人取消时按顺序自动递补，递补成功会通知你'}
              </Text>
            </View>
          ) : null}
          <View className="nx-card">
            <View className="nx-act-card__head">
              <Text className="nx-title">{a.title}</Text>
              <Text className="nx-act-card__kind">{a.kind}</Text>
            </View>
            <Text className="nx-act-card__line">主办：{a.organiser}</Text>
            <Text className="nx-act-card__line">
              地点：{a.stationName ? `${a.stationName}（${a.address}）` : a.address}
            </Text>
            <Text className="nx-act-card__line">名额：{seatsOf(a)}</Text>
            {a.audience ? <Text className="nx-act-card__line">面向：{a.audience}</Text> : null}
            <Text className="nx-act-card__line">报名截止：{when(a.signupClosesAt)}</Text>
            {a.description ? <Text className="nx-act-detail__desc">{a.description}</Text> : null}
          </View>
          <View className="nx-card">
            <Text className="nx-card__title">{a.sessions.length > 1 ? `共 ${a.sessions.length} 场` : '时间'}</Text>
            {a.sessions.map((s) => (
              <View key={s.id} className="nx-act-session">
                <Text>
                  {a.sessions.length > 1 ? `第 ${s.seq} 场 · ` : ''}
                  {when(s.startsAt)}–{clockOf(s.endsAt)}
                </Text>
              </View>
            ))}
          </View>
          {done ? <Text className="nx-admin__ok nx-act-detail__done">{done}</Text> : null}
          {acting.notice()}
          {a.mine && a.mine.attended > 0 && new Date(a.endsAt).getTime() <= now ? (
            <>
              {certificate.notice()}
              <Button
                className="nx-button nx-button--primary nx-act-detail__certificate"
                disabled={certificate.running || undefined}
                onClick={() =>
                  void certificate.run(() =>
                    downloadAuthenticated(activitiesApi.certificatePath(a.id), `结业证书-${a.title}.png`, 'image'),
                  )
                }
              >
                结业证书
              </Button>
            </>
          ) : null}
          {a.cancelledAt ? null : a.mine && new Date(a.endsAt).getTime() > now ? (
            <>
              {a.mine.status === 'confirmed' ? (
                <Button
                  className="nx-button nx-button--primary nx-act-detail__checkin"
                  onClick={() => openRoute(ROUTES.activityCheckin)}
                >
                  去签到
                </Button>
              ) : null}
              <Button
                className="nx-button nx-button--secondary nx-act-detail__cancel"
                disabled={acting.running || undefined}
                onClick={() => void cancel()}
              >
                取消报名
              </Button>
            </>
          ) : a.mine ? null : (
            <Button
              className="nx-button nx-button--primary nx-act-detail__signup"
              disabled={!open || acting.running || undefined}
              onClick={() => void signUp()}
            >
              {!open
                ? now < new Date(a.signupOpensAt).getTime()
                  ? '报名未开始'
                  : '报名已截止'
                : a.confirmed >= a.capacity
                  ? '名额已满，排队候补'
                  : '报名'}
            </Button>
          )}
        </>
      ) : null}
    </PageShell>
  );
}
