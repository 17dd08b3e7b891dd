import { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffTask } from '@nuanxin/shared/tasks/schemas';
import { CLAIM_STATUS_LABELS } from '@nuanxin/shared/tasks/constants';
import { PageShell } from '../../../../../components/PageShell';
import { useAction } from '../../../../../components/useAction';
import { useWrite } from '../../../../../components/useAction/use-write';
import { tasksApi } from '../../../../../services/tasks';
import { formatTime, formatWindow } from '../../../tasks/format';
import '../../../tasks/community-tasks.css';

/** One task for its poster: the exact address, every claim, and 确认完成 for the ones marked done. */
export default function StaffTaskPage() {
  const { params } = useRouter();
  const taskId = params.id ?? '';
  const [task, setTask] = useState<StaffTask | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setTask(await tasksApi.staffGet(taskId)));
  const write = useWrite(load);
  useDidShow(() => void load());

  return (
    <PageShell title="任务与认领" className="nx-staff-task">
      {loading.notice(() => void load())}
      {task ? (
        <View className="nx-card">
          <Text className="nx-ctask__badge">{task.kind}</Text>
          <Text className="nx-card__title">{task.title}</Text>
          <Text className="nx-ctask__meta">
            {task.placeName} · {task.area}
          </Text>
          <Text className="nx-ctask__meta">详细地址：{task.privateAddress}</Text>
          <Text className="nx-ctask__meta">{formatWindow(task.startsAt, task.endsAt)}</Text>
          <Text className="nx-ctask__meta">
            已认领 {task.slotsTaken}/{task.slots} · 每人 {task.points} 积分
          </Text>
        </View>
      ) : null}
      {write.done ? <Text className="nx-ctask__ok">{write.done}</Text> : null}
      {write.notice()}
      {task && task.claims.length === 0 ? <Text className="nx-subtitle">还没有骑手认领。</Text> : null}
      {(task?.claims ?? []).map((c) => (
        <View key={c.id} className="nx-card nx-staff-task__claim">
          <Text className={`nx-ctask__badge ${c.status === 'confirmed' ? 'nx-ctask__badge--ok' : ''}`}>
            {CLAIM_STATUS_LABELS[c.status]}
          </Text>
          <Text className="nx-card__title">
            {c.riderName} {c.phoneMasked}
          </Text>
          <Text className="nx-ctask__meta">认领于 {formatTime(c.claimedAt)}</Text>
          {c.note ? <Text className="nx-ctask__reply">完成说明：{c.note}</Text> : null}
          {c.points != null ? <Text className="nx-ctask__meta">已发放 {c.points} 积分</Text> : null}
          {c.status === 'done' ? (
            <Button
              className="nx-button nx-button--primary nx-staff-task__confirm"
              disabled={write.busy || undefined}
              onClick={() => void write.run(() => tasksApi.confirm(c.id), '已确认完成，积分已发放')}
            >
              确认完成
            </Button>
          ) : null}
        </View>
      ))}
    </PageShell>
  );
}
