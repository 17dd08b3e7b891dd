import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { MyTaskList } from '@nuanxin/shared/tasks/schemas';
import { CLAIM_STATUS_LABELS } from '@nuanxin/shared/tasks/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { tasksApi } from '../../../../services/tasks';
import { taskDetailUrl } from '../../../../routes';
import { formatWindow } from '../format';
import '../community-tasks.css';

/** 我认领的任务: every claim with its state and the points it earned. */
export default function MyTasksPage() {
  const [items, setItems] = useState<MyTaskList['items'] | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await tasksApi.mine()).items));
  useDidShow(() => void load());
  return (
    <PageShell title="我认领的任务" className="nx-my-tasks">
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有认领过任务。</Text> : null}
      {(items ?? []).map(({ task, claim }) => (
        <View
          key={claim.id}
          className="nx-card nx-my-tasks__item"
          onClick={() => void Taro.navigateTo({ url: taskDetailUrl(task.id) })}
        >
          <Text
            className={`nx-ctask__badge ${claim.status === 'confirmed' ? 'nx-ctask__badge--ok' : claim.status === 'abandoned' || claim.status === 'expired' ? 'nx-ctask__badge--off' : ''}`}
          >
            {CLAIM_STATUS_LABELS[claim.status]}
          </Text>
          <Text className="nx-card__title">{task.title}</Text>
          <Text className="nx-ctask__meta">{formatWindow(task.startsAt, task.endsAt)}</Text>
          {claim.points != null ? <Text className="nx-ctask__meta">获得 {claim.points} 积分</Text> : null}
        </View>
      ))}
    </PageShell>
  );
}
