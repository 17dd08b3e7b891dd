import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { TaskSummary } from '@nuanxin/shared/tasks/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { tasksApi } from '../../../services/tasks';
import { ROUTES, taskDetailUrl } from '../../../routes';
import { formatWindow } from './format';
import './community-tasks.css';

/** 随手帮: tasks with free slots, soonest first; each opens its detail (认领 there). */
export default function TasksPage() {
  const [items, setItems] = useState<TaskSummary[] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await tasksApi.open()).items));
  useDidShow(() => void load());

  return (
    <PageShell title="随手帮" className="nx-ctasks">
      <Text className="nx-subtitle">社区和街道发布的志愿小任务：送药、代购、送餐助老……完成并经确认后获得积分。</Text>
      <Button
        className="nx-button nx-button--secondary nx-ctasks__mine"
        onClick={() => void Taro.navigateTo({ url: ROUTES.myTasks })}
      >
        我认领的任务
      </Button>
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">暂时没有可认领的任务。</Text> : null}
      {(items ?? []).map((t) => {
        const full = t.slotsTaken >= t.slots;
        return (
          <View
            key={t.id}
            className="nx-card nx-ctasks__item"
            onClick={() => void Taro.navigateTo({ url: taskDetailUrl(t.id) })}
          >
            <Text className="nx-ctask__badge">{t.kind}</Text>
            <Text className={`nx-ctask__badge ${full ? 'nx-ctask__badge--off' : 'nx-ctask__badge--ok'}`}>
              {full ? '名额已满' : `还剩 ${t.slots - t.slotsTaken} 个名额`}
            </Text>
            <Text className="nx-card__title">{t.title}</Text>
            <Text className="nx-ctask__meta">
              {t.placeName} · {t.area}
            </Text>
            <Text className="nx-ctask__meta">{formatWindow(t.startsAt, t.endsAt)}</Text>
            <Text className="nx-ctask__meta">完成可得 {t.points} 积分</Text>
          </View>
        );
      })}
    </PageShell>
  );
}
