import { usePullDownRefresh } from '@tarojs/taro';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import { ACTIVITY_KINDS, type ActivityKind } from '@nuanxin/shared/activities/constants';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { openRoute } from '../../../routes';
import { activitiesApi, activityDetailUrl } from '../../../services/activities';
import { goToLogin, useSession } from '../../../services/session';
import { getGcj02Location } from '../../../services/location';
import { ActivityCard } from '../components/ActivityCard';
import '../community.css';

/** Riders see activities within this distance when 附近 is on, nearest first. */
const NEAR_RADIUS_M = 5000;

/** 活动 · 课程: what is on, filtered by 本周, by kind and 附近 (nearest first), else soonest first. */
export default function ActivitiesPage() {
  const { user } = useSession();
  const [thisWeek, setThisWeek] = useState(false);
  const [kind, setKind] = useState<ActivityKind | undefined>(undefined);
  const [items, setItems] = useState<Activity[] | null>(null);
  const loading = useAction({ fallback: '活动加载失败，请重试' });
  /** 附近: the rider's position (GCJ-02), null when off. */
  const [near, setNear] = useState<{ lat: number; lng: number } | null>(null);
  const locating = useAction({ anyError: true, fallback: '暂时无法获取位置，请重试' });

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const load = useCallback(async () => {
    await loading.run(async () =>
      setItems(
        (await activitiesApi.list({ thisWeek, kind, ...(near ? { ...near, radiusM: NEAR_RADIUS_M } : {}) })).items,
      ),
    );
  }, [thisWeek, kind, near, loading.run]);

  /** 附近: on asks for the position (privacy guide first, weapp GCJ-02 / H5 WGS-84 converted); off clears it. */
  async function toggleNear() {
    if (near) return setNear(null);
    await locating.run(async () => {
      const p = await getGcj02Location();
      setNear({ lat: p.lat, lng: p.lng });
    });
  }

  useEffect(() => {
    if (user) void load();
  }, [load, user]);

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return (
    <PageShell title="活动 · 课程" className="nx-activities">
      <View className="nx-act-chips">
        <View
          className={`nx-act-chip nx-act-chip--week${thisWeek ? ' nx-act-chip--on' : ''}`}
          onClick={() => setThisWeek((w) => !w)}
        >
          <Text>{thisWeek ? '✓ ' : ''}本周</Text>
        </View>
        <View
          className={`nx-act-chip nx-act-chip--near${near ? ' nx-act-chip--on' : ''}`}
          onClick={() => void toggleNear()}
        >
          <Text>{locating.running ? '定位中…' : `${near ? '✓ ' : ''}附近`}</Text>
        </View>
        <View className={`nx-act-chip${kind ? '' : ' nx-act-chip--on'}`} onClick={() => setKind(undefined)}>
          <Text>全部类型</Text>
        </View>
        {ACTIVITY_KINDS.map((k) => (
          <View
            key={k}
            className={`nx-act-chip nx-act-chip--kind${kind === k ? ' nx-act-chip--on' : ''}`}
            onClick={() => setKind(kind === k ? undefined : k)}
          >
            <Text>{k}</Text>
          </View>
        ))}
      </View>
      {locating.notice()}
      {loading.notice(() => void load())}
      {items && items.length === 0 ? (
        <Text className="nx-subtitle">
          {near
            ? `附近 ${NEAR_RADIUS_M / 1000} 公里内没有活动，关掉“附近”看看全部`
            : thisWeek || kind
              ? '没有符合条件的活动，换个条件看看'
              : '近期还没有活动'}
        </Text>
      ) : null}
      {items?.map((a) => (
        <ActivityCard key={a.id} a={a} onClick={() => openRoute(activityDetailUrl(a.id))} />
      ))}
    </PageShell>
  );
}
