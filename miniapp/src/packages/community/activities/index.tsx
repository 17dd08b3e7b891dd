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
import { ActivityCard } from '../components/ActivityCard';
import '../community.css';

/** 活动 · 课程: what is on, filtered by 本周 and by kind, soonest first. */
export default function ActivitiesPage() {
  const { user } = useSession();
  const [thisWeek, setThisWeek] = useState(false);
  const [kind, setKind] = useState<ActivityKind | undefined>(undefined);
  const [items, setItems] = useState<Activity[] | null>(null);
  const loading = useAction({ fallback: '活动加载失败，请重试' });

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const load = useCallback(async () => {
    await loading.run(async () => setItems((await activitiesApi.list({ thisWeek, kind })).items));
  }, [thisWeek, kind, loading.run]);

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
      {loading.notice(() => void load())}
      {items && items.length === 0 ? (
        <Text className="nx-subtitle">{thisWeek || kind ? '没有符合条件的活动，换个条件看看' : '近期还没有活动'}</Text>
      ) : null}
      {items?.map((a) => (
        <ActivityCard key={a.id} a={a} onClick={() => openRoute(activityDetailUrl(a.id))} />
      ))}
    </PageShell>
  );
}
