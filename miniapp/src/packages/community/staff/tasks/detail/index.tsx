import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffTask } from '@nuanxin/shared/tasks/schemas';
import { CLAIM_STATUS_LABELS } from '@nuanxin/shared/tasks/constants';
import { PageShell } from '../../../../../components/PageShell';
import { useAction } from '../../../../../components/useAction';
import { useWrite } from '../../../../../components/useAction/use-write';
import { tasksApi } from '../../../../../services/tasks';
import { mediaUrl } from '../../../../../services/reports';
import { formatTime, formatWindow } from '../../../tasks/format';
import '../../../tasks/community-tasks.css';

interface EditForm {
  area: string;
  privateAddress: string;
  date: string;
  from: string;
  to: string;
  slots: string;
}

/** Beijing date and time of an instant: ['2026-12-07', '09:00']. */
const bj = (isoTime: string) => {
  const s = new Date(new Date(isoTime).getTime() + 8 * 3600_000).toISOString();
  return [s.slice(0, 10), s.slice(11, 16)] as const;
};
const toEdit = (t: StaffTask): EditForm => ({
  area: t.area,
  privateAddress: t.privateAddress,
  date: bj(t.startsAt)[0],
  from: bj(t.startsAt)[1],
  to: bj(t.endsAt)[1],
  slots: String(t.slots),
});
const iso = (date: string, time: string) => `${date}T${time}:00+08:00`;

/**
 * One task for its poster: the exact address, every claim (with the rider's 完成 note or photo),
 * 确认完成 for the ones marked done, and 修改 / 取消 (riders who claimed are told).
 */
export default function StaffTaskPage() {
  const { params } = useRouter();
  const taskId = params.id ?? '';
  const [task, setTask] = useState<StaffTask | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setTask(await tasksApi.staffGet(taskId)));
  const write = useWrite(load);
  useDidShow(() => void load());
  const [edit, setEdit] = useState<EditForm | null>(null);
  const [cancelReason, setCancelReason] = useState<string | null>(null);
  const setE = (patch: Partial<EditForm>) => setEdit((f) => (f ? { ...f, ...patch } : f));

  function onSave() {
    if (!task || !edit) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(edit.date)) return write.setError('日期格式应为 2026-12-07');
    if (!/^\d{2}:\d{2}$/.test(edit.from) || !/^\d{2}:\d{2}$/.test(edit.to)) return write.setError('时间格式应为 09:00');
    if (!/^\d+$/.test(edit.slots) || Number(edit.slots) < 1) return write.setError('人数至少为 1');
    void write.run(async () => {
      setTask(
        await tasksApi.edit(taskId, {
          area: edit.area.trim(),
          privateAddress: edit.privateAddress.trim(),
          startsAt: iso(edit.date, edit.from),
          endsAt: iso(edit.date, edit.to),
          slots: Number(edit.slots),
        }),
      );
      setEdit(null);
    }, '已保存，时间或地点有变动时已通知认领的骑手');
  }
  function onCancelTask() {
    if (!cancelReason?.trim()) return write.setError('请填写取消原因');
    void write.run(async () => {
      setTask(await tasksApi.cancel(taskId, cancelReason.trim()));
      setCancelReason(null);
    }, '任务已取消，已通知认领中的骑手');
  }
  const open = task?.status === 'open';

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
          {task.status === 'cancelled' ? (
            <Text className="nx-ctask__private">已取消{task.cancelReason ? `：${task.cancelReason}` : ''}</Text>
          ) : null}
        </View>
      ) : null}
      {task && open && !edit && cancelReason === null ? (
        <View className="nx-staff-task__actions">
          <Button className="nx-button nx-staff-task__edit" onClick={() => setEdit(toEdit(task))}>
            修改
          </Button>
          <Button className="nx-button nx-button--danger nx-staff-task__cancel" onClick={() => setCancelReason('')}>
            取消任务
          </Button>
        </View>
      ) : null}
      {edit ? (
        <View className="nx-card nx-staff-task__form">
          <Text className="nx-ctask__label">公开地点</Text>
          <Input
            className="nx-ctask__input"
            value={edit.area}
            maxlength={80}
            onInput={(e) => setE({ area: e.detail.value })}
          />
          <Text className="nx-ctask__label">详细地址（仅认领的骑手可见）</Text>
          <Input
            className="nx-ctask__input"
            value={edit.privateAddress}
            maxlength={120}
            onInput={(e) => setE({ privateAddress: e.detail.value })}
          />
          <Text className="nx-ctask__label">日期 · 开始 · 结束</Text>
          <View className="nx-staff-task__row">
            <Input className="nx-ctask__input" value={edit.date} onInput={(e) => setE({ date: e.detail.value })} />
            <Input className="nx-ctask__input" value={edit.from} onInput={(e) => setE({ from: e.detail.value })} />
            <Input className="nx-ctask__input" value={edit.to} onInput={(e) => setE({ to: e.detail.value })} />
          </View>
          <Text className="nx-ctask__label">人数（不能少于已认领的人数）</Text>
          <Input
            className="nx-ctask__input nx-staff-task__slots"
            type="number"
            value={edit.slots}
            onInput={(e) => setE({ slots: e.detail.value })}
          />
          <Button
            className="nx-button nx-button--primary nx-staff-task__save"
            disabled={write.busy || undefined}
            onClick={onSave}
          >
            保存修改
          </Button>
          <Button className="nx-button" onClick={() => setEdit(null)}>
            放弃修改
          </Button>
        </View>
      ) : null}
      {cancelReason !== null ? (
        <View className="nx-card nx-staff-task__form">
          <Text className="nx-ctask__label">取消原因（将告知认领中的骑手）</Text>
          <Textarea
            className="nx-ctask__input nx-ctask__textarea nx-staff-task__reason"
            value={cancelReason}
            maxlength={200}
            placeholder="例如：老人已由家属照顾"
            onInput={(e) => setCancelReason(e.detail.value)}
          />
          <Button
            className="nx-button nx-button--danger nx-staff-task__cancel-confirm"
            disabled={write.busy || undefined}
            onClick={onCancelTask}
          >
            确认取消任务
          </Button>
          <Button className="nx-button" onClick={() => setCancelReason(null)}>
            返回
          </Button>
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
          {c.photo ? (
            <Image
              className="nx-ctask__photo nx-staff-task__photo"
              src={mediaUrl(c.photo.thumbUrl)}
              mode="aspectFill"
              onClick={() => void Taro.previewImage({ urls: [mediaUrl(c.photo!.url)] })}
            />
          ) : null}
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
