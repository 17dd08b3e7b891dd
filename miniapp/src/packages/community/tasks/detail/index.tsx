import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { RiderTask } from '@nuanxin/shared/tasks/schemas';
import { CLAIM_STATUS_LABELS } from '@nuanxin/shared/tasks/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { tasksApi } from '../../../../services/tasks';
import { mediaUrl, type LocalPhoto } from '../../../../services/reports';
import { PhotoPicker } from '../../../../components/PhotoPicker';
import { formatTime, formatWindow } from '../format';
import '../community-tasks.css';

/**
 * One task: 认领 a slot; while the claim is active the exact address shows, with 完成 (a note,
 * a photo or both)
 * and 放弃. After done, abandoned or expired the address is hidden again (the server decides).
 */
export default function TaskDetailPage() {
  const { params } = useRouter();
  const taskId = params.id ?? '';
  const [task, setTask] = useState<RiderTask | null>(null);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const loading = useAction();
  const action = useAction();
  const load = () => loading.run(async () => setTask(await tasksApi.get(taskId)));
  useDidShow(() => void load());

  const act = (fn: () => Promise<RiderTask>) => void action.run(async () => setTask(await fn()));
  async function onAbandon() {
    const res = await Taro.showModal({
      title: '放弃认领',
      content: '放弃后名额会让给其他骑手，详细地址将不再显示。',
      confirmText: '放弃',
      cancelText: '取消',
    });
    if (res.confirm) act(() => tasksApi.abandon(taskId));
  }
  function onDone() {
    const photo = photos[0];
    if (!note.trim() && !photo) {
      action.fail('请填写完成说明或拍一张照片，例如“药已送到，老人签收”');
      return;
    }
    act(() => (photo ? tasksApi.donePhoto(taskId, note.trim(), photo) : tasksApi.done(taskId, note.trim())));
  }

  const claim = task?.myClaim ?? null;
  const active = claim?.status === 'active';
  const canClaim =
    task &&
    task.status === 'open' &&
    task.slotsTaken < task.slots &&
    (!claim || !['active', 'done', 'confirmed'].includes(claim.status));

  return (
    <PageShell title="任务详情" className="nx-ctask">
      {loading.notice(() => void load())}
      {task ? (
        <View className="nx-card">
          <Text className="nx-ctask__badge">{task.kind}</Text>
          <Text className="nx-card__title nx-ctask__title">{task.title}</Text>
          {task.description ? <Text className="nx-card__text">{task.description}</Text> : null}
          <Text className="nx-ctask__meta">
            地点：{task.placeName} · {task.area}
          </Text>
          <Text className="nx-ctask__meta">时间：{formatWindow(task.startsAt, task.endsAt)}</Text>
          <Text className="nx-ctask__meta">
            名额：{task.slotsTaken}/{task.slots} · 完成可得 {task.points} 积分
          </Text>
          {task.privateAddress ? (
            <Text className="nx-ctask__private">详细地址：{task.privateAddress}</Text>
          ) : (
            <Text className="nx-ctask__hint">详细地址仅对认领中的骑手显示。</Text>
          )}
          {claim ? (
            <Text className="nx-ctask__meta nx-ctask__status">
              我的认领：{CLAIM_STATUS_LABELS[claim.status]}
              {claim.points != null ? `，获得 ${claim.points} 积分` : ''}
              {claim.doneAt ? `（${formatTime(claim.doneAt)} 标记完成）` : ''}
            </Text>
          ) : null}
          {claim?.note && claim.status !== 'active' ? (
            <Text className="nx-ctask__meta">完成说明：{claim.note}</Text>
          ) : null}
          {claim?.photo ? (
            <Image className="nx-ctask__photo" src={mediaUrl(claim.photo.thumbUrl)} mode="aspectFill" />
          ) : null}
          {task.status === 'cancelled' ? (
            <Text className="nx-ctask__private">该任务已取消{task.cancelReason ? `：${task.cancelReason}` : ''}</Text>
          ) : null}
        </View>
      ) : null}
      {action.notice()}
      {canClaim ? (
        <Button
          className="nx-button nx-button--primary nx-ctask__claim"
          disabled={action.running || undefined}
          onClick={() => act(() => tasksApi.claim(taskId))}
        >
          认领
        </Button>
      ) : null}
      {active ? (
        <View>
          <Text className="nx-ctask__label">完成说明</Text>
          <Textarea
            className="nx-ctask__input nx-ctask__textarea nx-ctask__note"
            value={note}
            maxlength={300}
            placeholder="例如：药已送到，老人签收"
            onInput={(e) => setNote(e.detail.value)}
          />
          <Text className="nx-ctask__label">完成照片（可选，说明和照片至少填一项）</Text>
          <PhotoPicker
            photos={photos}
            max={1}
            onChange={setPhotos}
            onError={(m) => action.fail(m)}
            label="拍照或选图"
            sources={['camera', 'album']}
          />
          <Button
            className="nx-button nx-button--primary nx-ctask__done"
            disabled={action.running || undefined}
            onClick={onDone}
          >
            标记完成
          </Button>
          <Button
            className="nx-button nx-button--danger nx-ctask__abandon"
            disabled={action.running || undefined}
            onClick={() => void onAbandon()}
          >
            放弃
          </Button>
        </View>
      ) : null}
      {claim?.status === 'done' ? <Text className="nx-ctask__hint">已标记完成，等待发布人确认后发放积分。</Text> : null}
    </PageShell>
  );
}
