import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, Textarea, View } from '@tarojs/components';
import { useState } from 'react';
import type { StaffTaskList } from '@nuanxin/shared/tasks/schemas';
import { TASK_KINDS, TASK_MAX_POINTS, type TaskKind } from '@nuanxin/shared/tasks/constants';
import { PageShell } from '../../../../components/PageShell';
import { useWrite } from '../../../../components/useAction/use-write';
import { useAction } from '../../../../components/useAction';
import { tasksApi } from '../../../../services/tasks';
import { orgApi } from '../../../../services/org';
import { useSession } from '../../../../services/session';
import { staffTaskUrl } from '../../../../routes';
import { formatWindow } from '../../tasks/format';
import '../../tasks/community-tasks.css';

interface Form {
  /** '' = the street as a whole (a street operator's task). */
  communityId: string;
  kind: TaskKind;
  title: string;
  description: string;
  area: string;
  privateAddress: string;
  date: string;
  from: string;
  to: string;
  slots: string;
  points: string;
}

/** Today in Beijing, YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const emptyForm = (communityId: string): Form => ({
  communityId,
  kind: '送药',
  title: '',
  description: '',
  area: '',
  privateAddress: '',
  date: today(),
  from: '09:00',
  to: '18:00',
  slots: '1',
  points: '10',
});
const iso = (date: string, time: string) => `${date}T${time}:00+08:00`;

/** What was typed, checked before it is sent; a Chinese message when it is not right. */
function check(f: Form, streetWide: boolean): string | null {
  if (!streetWide && !f.communityId) return '请选择任务所在的社区';
  if (!f.title.trim()) return '请填写任务内容';
  if (!f.area.trim()) return '请填写公开地点（所有骑手可见）';
  if (!f.privateAddress.trim()) return '请填写详细地址（仅认领的骑手可见）';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date)) return '日期格式应为 2026-12-07';
  if (!/^\d{2}:\d{2}$/.test(f.from) || !/^\d{2}:\d{2}$/.test(f.to)) return '时间格式应为 09:00';
  if (!/^\d+$/.test(f.slots) || Number(f.slots) < 1) return '人数至少为 1';
  if (!/^\d+$/.test(f.points)) return '积分应为整数';
  if (Number(f.points) > TASK_MAX_POINTS) return `积分不能超过随手帮规则的上限 ${TASK_MAX_POINTS} 分`;
  return null;
}

/** 随手帮任务 (community admin, street operator): post a task, see the scope's tasks. */
export default function StaffTasksPage() {
  const [items, setItems] = useState<StaffTaskList['items'] | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const loading = useAction();
  const load = () => loading.run(async () => setItems((await tasksApi.staffList()).items));
  const write = useWrite(load);
  useDidShow(() => void load());
  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));
  const { user } = useSession();
  const streetWide = user?.role === 'street_operator';
  const [communities, setCommunities] = useState<{ id: string; name: string; active: boolean }[]>([]);
  useDidShow(
    () =>
      void orgApi.communities().then(
        (r) => setCommunities(r.items.filter((c) => c.active)),
        () => undefined,
      ),
  );

  async function onPost() {
    if (!form) return;
    const problem = check(form, streetWide);
    if (problem) return write.setError(problem);
    const ok = await write.run(
      () =>
        tasksApi.post({
          ...(form.communityId ? { communityId: form.communityId } : {}),
          kind: form.kind,
          title: form.title.trim(),
          description: form.description.trim(),
          area: form.area.trim(),
          privateAddress: form.privateAddress.trim(),
          startsAt: iso(form.date, form.from),
          endsAt: iso(form.date, form.to),
          slots: Number(form.slots),
          points: Number(form.points),
        }),
      '任务已发布',
    );
    if (ok) setForm(null);
  }

  return (
    <PageShell title="随手帮任务" className="nx-staff-tasks">
      {loading.notice(() => void load())}
      {write.done ? <Text className="nx-ctask__ok">{write.done}</Text> : null}
      {form ? (
        <View className="nx-card nx-staff-tasks__form">
          <Text className="nx-ctask__label">任务所在</Text>
          <View className="nx-ctask__choices">
            {streetWide ? (
              <Text
                className={`nx-ctask__choice nx-staff-tasks__place${form.communityId === '' ? ' nx-ctask__choice--on' : ''}`}
                onClick={() => set({ communityId: '' })}
              >
                全街道
              </Text>
            ) : null}
            {communities.map((c) => (
              <Text
                key={c.id}
                className={`nx-ctask__choice nx-staff-tasks__place${form.communityId === c.id ? ' nx-ctask__choice--on' : ''}`}
                onClick={() => set({ communityId: c.id })}
              >
                {c.name}
              </Text>
            ))}
          </View>
          <Text className="nx-ctask__label">任务类型</Text>
          <View className="nx-ctask__choices">
            {TASK_KINDS.map((k) => (
              <Text
                key={k}
                className={`nx-ctask__choice${form.kind === k ? ' nx-ctask__choice--on' : ''}`}
                onClick={() => set({ kind: k })}
              >
                {k}
              </Text>
            ))}
          </View>
          <Text className="nx-ctask__label">任务内容</Text>
          <Input
            className="nx-ctask__input nx-staff-tasks__title"
            value={form.title}
            maxlength={40}
            placeholder="如 给独居老人送降压药"
            onInput={(e) => set({ title: e.detail.value })}
          />
          <Text className="nx-ctask__label">说明（可选）</Text>
          <Textarea
            className="nx-ctask__input nx-ctask__textarea"
            value={form.description}
            maxlength={500}
            placeholder="取件地点、注意事项"
            onInput={(e) => set({ description: e.detail.value })}
          />
          <Text className="nx-ctask__label">公开地点（所有骑手可见）</Text>
          <Input
            className="nx-ctask__input nx-staff-tasks__area"
            value={form.area}
            maxlength={80}
            placeholder="如 呼家楼北里"
            onInput={(e) => set({ area: e.detail.value })}
          />
          <Text className="nx-ctask__label">详细地址（仅认领中的骑手可见）</Text>
          <Input
            className="nx-ctask__input nx-staff-tasks__address"
            value={form.privateAddress}
            maxlength={120}
            placeholder="楼号、单元、门牌，联系人"
            onInput={(e) => set({ privateAddress: e.detail.value })}
          />
          <Text className="nx-ctask__label">日期与时间（北京时间）</Text>
          <Input
            className="nx-ctask__input nx-staff-tasks__date"
            value={form.date}
            maxlength={10}
            placeholder="2026-12-07"
            onInput={(e) => set({ date: e.detail.value })}
          />
          <View className="nx-ctask__row">
            <Input
              className="nx-ctask__input nx-staff-tasks__from"
              value={form.from}
              maxlength={5}
              placeholder="09:00"
              onInput={(e) => set({ from: e.detail.value })}
            />
            <Input
              className="nx-ctask__input nx-staff-tasks__to"
              value={form.to}
              maxlength={5}
              placeholder="18:00"
              onInput={(e) => set({ to: e.detail.value })}
            />
          </View>
          <View className="nx-ctask__row">
            <View>
              <Text className="nx-ctask__label">人数</Text>
              <Input
                className="nx-ctask__input nx-staff-tasks__slots"
                type="number"
                value={form.slots}
                maxlength={2}
                onInput={(e) => set({ slots: e.detail.value })}
              />
            </View>
            <View>
              <Text className="nx-ctask__label">积分（≤{TASK_MAX_POINTS}）</Text>
              <Input
                className="nx-ctask__input nx-staff-tasks__points"
                type="number"
                value={form.points}
                maxlength={3}
                onInput={(e) => set({ points: e.detail.value })}
              />
            </View>
          </View>
          {write.notice()}
          <Button
            className="nx-button nx-button--primary nx-staff-tasks__submit"
            disabled={write.busy || undefined}
            onClick={() => void onPost()}
          >
            发布任务
          </Button>
          <Button className="nx-button nx-button--secondary" onClick={() => setForm(null)}>
            取消
          </Button>
        </View>
      ) : (
        <Button
          className="nx-button nx-button--primary nx-staff-tasks__new"
          onClick={() => setForm(emptyForm(streetWide ? '' : (communities[0]?.id ?? '')))}
        >
          发布新任务
        </Button>
      )}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有发布过任务。</Text> : null}
      {(items ?? []).map((t) => (
        <View
          key={t.id}
          className="nx-card nx-staff-tasks__item"
          onClick={() => void Taro.navigateTo({ url: staffTaskUrl(t.id) })}
        >
          <Text className="nx-ctask__badge">{t.kind}</Text>
          {t.waitingConfirm > 0 ? <Text className="nx-ctask__badge">{t.waitingConfirm} 人待确认</Text> : null}
          <Text className="nx-card__title">{t.title}</Text>
          <Text className="nx-ctask__meta">
            {t.placeName} · {t.area}
          </Text>
          <Text className="nx-ctask__meta">{formatWindow(t.startsAt, t.endsAt)}</Text>
          <Text className="nx-ctask__meta">
            已认领 {t.slotsTaken}/{t.slots} · {t.points} 积分
          </Text>
        </View>
      ))}
    </PageShell>
  );
}
