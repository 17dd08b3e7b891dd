import { useDidShow } from '@tarojs/taro';
import { Button, Text } from '@tarojs/components';
import { useCallback, useState } from 'react';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { openRoute, ROUTES } from '../../../routes';
import { activitiesApi, activityDetailUrl } from '../../../services/activities';
import { ActivityCard } from '../components/ActivityCard';
import '../community.css';

/** 我的活动: what the rider holds a seat in or waits for, coming ones first. */
export default function MyActivitiesPage() {
  const [items, setItems] = useState<Activity[] | null>(null);
  const loading = useAction({ fallback: '加载失败，请重试' });
  const load = useCallback(async () => {
    await loading.run(async () => setItems((await activitiesApi.mine()).items));
  }, [loading.run]);
  useDidShow(() => void load());

  return (
    <PageShell title="我的活动" className="nx-my-activities">
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有报名活动</Text> : null}
      {items?.map((a) => (
        <ActivityCard key={a.id} a={a} onClick={() => openRoute(activityDetailUrl(a.id))} />
      ))}
      <Button className="nx-button nx-button--secondary" onClick={() => openRoute(ROUTES.activities)}>
        看看有什么活动
      </Button>
      <Button className="nx-button nx-button--primary" onClick={() => openRoute(ROUTES.activityCheckin)}>
        活动签到
      </Button>
    </PageShell>
  );
}
