import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { Activity } from '@nuanxin/shared/activities/schemas';
import { ACTIVITY_KINDS, ACTIVITY_LIMITS, type ActivityKind } from '@nuanxin/shared/activities/constants';
import { PageShell } from '../../../../../components/PageShell';
import { useAction } from '../../../../../components/useAction';
import { openRoute } from '../../../../../routes';
import { activitiesApi, staffRosterUrl } from '../../../../../services/activities';
import { getGcj02Location } from '../../../../../services/location';
import { TargetPicker } from '../../../components/TargetPicker';
import '../../../../../styles/admin.css';
import '../../../community.css';

const DAY = 24 * 3600_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** Beijing date "YYYY-MM-DD" and time "HH:mm" of an instant. */
const beijingParts = (ms: number) => {
  const d = new Date(ms + 8 * 3600_000);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
};
const instant = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);

/** A 驿站 of the organiser's area, as the picker shows it. */
interface StationChoice {
  kind: 'station';
  id: string;
  name: string;
  address: string;
}
const STATION_LABELS = { station: '驿站' };
const searchStations = async (q: string) => ({
  items: (await activitiesApi.stations(q)).items.map((s): StationChoice => ({
    kind: 'station',
    id: s.id,
    name: s.name,
    address: s.address,
  })),
});

interface Form {
  title: string;
  kind: ActivityKind;
  description: string;
  capacity: string;
  audience: string;
  address: string;
  lat: string;
  lng: string;
  date: string;
  start: string;
  end: string;
  /** Sessions, one a week from the first (a course: e.g. 8 weekly evenings). */
  count: string;
}

const emptyForm = (): Form => ({
  title: '',
  kind: '课程',
  description: '',
  capacity: '30',
  audience: '',
  address: '',
  lat: '',
  lng: '',
  date: beijingParts(Date.now() + DAY).date,
  start: '19:00',
  end: '21:00',
  count: '1',
});

/**
 * 发布 / 修改活动: what, where (an address and a position: the current one or typed numbers — H5
 * has no map picker), seats, and the schedule: the first session's date and hours and how many
 * weekly sessions (1 for a one-off activity). The schedule is sent on an edit only when changed.
 */
export default function StaffActivityEditPage() {
  const id = useRouter().params.id;
  const [form, setForm] = useState<Form>(emptyForm);
  const [scheduleChanged, setScheduleChanged] = useState(false);
  const loading = useAction();
  const saving = useAction({ fallback: '保存失败，请重试' });
  const locating = useAction({ fallback: '无法获取位置，请输入坐标', anyError: true });
  const [saved, setSaved] = useState<Activity | null>(null);
  /** Where: a station of the area (chosen by name), else the address and position below. */
  const [station, setStation] = useState<StationChoice | null>(null);
  const [cancelReason, setCancelReason] = useState('');
  const [cancelledAt, setCancelledAt] = useState<string | null>(null);
  const cancelling = useAction({ fallback: '取消失败，请重试' });
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setSchedule = (patch: Partial<Form>) => {
    setScheduleChanged(true);
    set(patch);
  };

  useEffect(() => {
    if (!id) return;
    void loading.run(async () => {
      const { activity: a } = await activitiesApi.roster(id);
      setStation(
        a.stationId ? { kind: 'station', id: a.stationId, name: a.stationName ?? '', address: a.address } : null,
      );
      setCancelledAt(a.cancelledAt);
      const first = a.sessions[0]!;
      const s = beijingParts(new Date(first.startsAt).getTime());
      setForm({
        title: a.title,
        kind: a.kind,
        description: a.description,
        capacity: String(a.capacity),
        audience: a.audience,
        address: a.address,
        lat: String(a.lat),
        lng: String(a.lng),
        date: s.date,
        start: s.time,
        end: beijingParts(new Date(first.endsAt).getTime()).time,
        count: String(a.sessions.length),
      });
    });
  }, [id]);

  async function here() {
    await locating.run(async () => {
      const p = await getGcj02Location();
      set({ lat: p.lat.toFixed(6), lng: p.lng.toFixed(6) });
    });
  }

  function sessions() {
    const n = Number(form.count);
    const first = instant(form.date, form.start).getTime();
    const firstEnd = instant(form.date, form.end).getTime();
    return Array.from({ length: n }, (_, i) => ({
      startsAt: new Date(first + i * 7 * DAY).toISOString(),
      endsAt: new Date(firstEnd + i * 7 * DAY).toISOString(),
    }));
  }

  async function save() {
    setSaved(null);
    if (!form.title.trim()) return saving.fail('请填写活动名称');
    const capacity = Number(form.capacity);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > ACTIVITY_LIMITS.capacityMax)
      return saving.fail(`名额应为 1～${ACTIVITY_LIMITS.capacityMax} 的整数`);
    const count = Number(form.count);
    if (!Number.isInteger(count) || count < 1 || count > ACTIVITY_LIMITS.sessionsMax)
      return saving.fail(`场次应为 1～${ACTIVITY_LIMITS.sessionsMax} 的整数`);
    if (form.end <= form.start) return saving.fail('结束时间要晚于开始时间');
    const lat = Number(form.lat);
    const lng = Number(form.lng);
    if (!station) {
      if (!form.address.trim()) return saving.fail('请选择驿站，或填写活动地址');
      if (!form.lat.trim() || !form.lng.trim() || !Number.isFinite(lat) || !Number.isFinite(lng))
        return saving.fail('请设置活动位置：点“用我的位置”或输入纬度、经度');
    }
    const common = {
      title: form.title.trim(),
      kind: form.kind,
      description: form.description.trim(),
      capacity,
      audience: form.audience.trim(),
      place: station ? { stationId: station.id } : { lat, lng, address: form.address.trim() },
    };
    await saving.run(async () => {
      const a = id
        ? await activitiesApi.update(id, { ...common, ...(scheduleChanged ? { sessions: sessions() } : {}) })
        : await activitiesApi.create({ ...common, sessions: sessions() });
      setSaved(a);
      setScheduleChanged(false);
    });
  }

  /** 取消活动: with a reason; every signed-up and waiting rider is told. */
  async function cancelActivity() {
    if (!id) return;
    if (!cancelReason.trim()) return cancelling.fail('请填写取消原因，会通知已报名和候补的骑手');
    const res = await Taro.showModal({
      title: '取消这个活动？',
      content: '已报名和候补的骑手都会收到通知，取消后不能恢复。',
      confirmText: '取消活动',
      cancelText: '再想想',
    });
    if (!res.confirm) return;
    await cancelling.run(async () => {
      const a = await activitiesApi.cancelActivity(id, cancelReason.trim());
      setCancelledAt(a.cancelledAt);
    });
  }

  return (
    <PageShell title={id ? '修改活动' : '发布活动'} className="nx-act-form">
      {loading.notice()}
      {cancelledAt ? (
        <View className="nx-card nx-act-form__cancelled">
          <Text className="nx-card__title">此活动已取消</Text>
          <Text className="nx-subtitle">已通知报名和候补的骑手，不能再修改。</Text>
        </View>
      ) : null}
      <View className="nx-card">
        <Text className="nx-admin__label">活动名称</Text>
        <Input
          className="nx-admin__input nx-act-form__title"
          value={form.title}
          maxlength={ACTIVITY_LIMITS.titleMax}
          placeholder="如 丰台夜校·手机摄影课"
          onInput={(e) => set({ title: e.detail.value })}
        />
        <Text className="nx-admin__label">类型</Text>
        <View className="nx-act-chips">
          {ACTIVITY_KINDS.map((k) => (
            <View
              key={k}
              className={`nx-act-chip nx-act-form__kind${form.kind === k ? ' nx-act-chip--on' : ''}`}
              onClick={() => set({ kind: k })}
            >
              <Text>{k}</Text>
            </View>
          ))}
        </View>
        <Text className="nx-admin__label">介绍</Text>
        <Textarea
          className="nx-admin__input nx-act-form__desc"
          style={{ height: '200px', paddingTop: '16px' }}
          value={form.description}
          maxlength={ACTIVITY_LIMITS.descriptionMax}
          placeholder="内容、需要带什么、联系人"
          onInput={(e) => set({ description: e.detail.value })}
        />
        <Text className="nx-admin__label">面向对象（可不填）</Text>
        <Input
          className="nx-admin__input nx-act-form__audience"
          value={form.audience}
          maxlength={ACTIVITY_LIMITS.audienceMax}
          placeholder="如 骑手及家属"
          onInput={(e) => set({ audience: e.detail.value })}
        />
        <Text className="nx-admin__label">名额</Text>
        <Input
          className="nx-admin__input nx-act-form__capacity"
          type="number"
          value={form.capacity}
          onInput={(e) => set({ capacity: e.detail.value })}
        />
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">时间</Text>
        <Text className="nx-admin__label">第一场日期</Text>
        <Picker mode="date" value={form.date} onChange={(e) => setSchedule({ date: String(e.detail.value) })}>
          <View className="nx-act-form__picker nx-act-form__date">{form.date}</View>
        </Picker>
        <View className="nx-act-form__row">
          <View className="nx-act-form__col">
            <Text className="nx-admin__label">开始</Text>
            <Picker mode="time" value={form.start} onChange={(e) => setSchedule({ start: String(e.detail.value) })}>
              <View className="nx-act-form__picker nx-act-form__start">{form.start}</View>
            </Picker>
          </View>
          <View className="nx-act-form__col">
            <Text className="nx-admin__label">结束</Text>
            <Picker mode="time" value={form.end} onChange={(e) => setSchedule({ end: String(e.detail.value) })}>
              <View className="nx-act-form__picker nx-act-form__end">{form.end}</View>
            </Picker>
          </View>
        </View>
        <Text className="nx-admin__label">场次（课程每周一次，单次活动填 1）</Text>
        <Input
          className="nx-admin__input nx-act-form__count"
          type="number"
          value={form.count}
          onInput={(e) => setSchedule({ count: e.detail.value })}
        />
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">地点</Text>
        <Text className="nx-admin__label">驿站（按名称搜索；不在驿站举办则不选，填下面的地址和位置）</Text>
        <TargetPicker<StationChoice>
          value={station}
          onChange={setStation}
          search={searchStations}
          labels={STATION_LABELS}
          placeholder="输入驿站名称或地址"
          hook="nx-act-form__station"
        />
        {station ? <Text className="nx-subtitle">地址：{station.address || station.name}</Text> : null}
      </View>
      <View
        className={`nx-card${station ? ' nx-act-form__place--hidden' : ''}`}
        style={station ? { display: 'none' } : {}}
      >
        <Text className="nx-admin__label">地址</Text>
        <Input
          className="nx-admin__input nx-act-form__address"
          value={form.address}
          maxlength={ACTIVITY_LIMITS.addressMax}
          placeholder="如 呼家楼驿站二层活动室"
          onInput={(e) => set({ address: e.detail.value })}
        />
        <View className="nx-act-form__row">
          <View className="nx-act-form__col">
            <Text className="nx-admin__label">纬度</Text>
            <Input
              className="nx-admin__input nx-act-form__lat"
              type="digit"
              value={form.lat}
              placeholder="39.92"
              onInput={(e) => set({ lat: e.detail.value })}
            />
          </View>
          <View className="nx-act-form__col">
            <Text className="nx-admin__label">经度</Text>
            <Input
              className="nx-admin__input nx-act-form__lng"
              type="digit"
              value={form.lng}
              placeholder="116.46"
              onInput={(e) => set({ lng: e.detail.value })}
            />
          </View>
        </View>
        {locating.notice()}
        <Button
          className="nx-button nx-button--secondary"
          disabled={locating.running || undefined}
          onClick={() => void here()}
        >
          用我的位置
        </Button>
      </View>
      {saving.notice()}
      {saved ? (
        <View className="nx-card">
          <Text className="nx-admin__ok nx-act-form__done">
            已保存「{saved.title}」，共 {saved.sessions.length} 场
          </Text>
          <Button className="nx-button nx-button--secondary" onClick={() => openRoute(staffRosterUrl(saved.id))}>
            去名单与签到
          </Button>
        </View>
      ) : null}
      <Button
        className="nx-button nx-button--primary nx-act-form__save"
        disabled={saving.running || !!cancelledAt || undefined}
        onClick={() => void save()}
      >
        {id ? '保存修改' : '发布'}
      </Button>
      {id && !cancelledAt ? (
        <View className="nx-card nx-act-form__cancel">
          <Text className="nx-card__title">取消活动</Text>
          <Text className="nx-admin__label">取消原因（会通知已报名和候补的骑手）</Text>
          <Input
            className="nx-admin__input nx-act-form__cancel-reason"
            value={cancelReason}
            maxlength={ACTIVITY_LIMITS.cancelReasonMax}
            placeholder="如 暴雨预警，活动改期另行通知"
            onInput={(e) => setCancelReason(e.detail.value)}
          />
          {cancelling.notice()}
          <Button
            className="nx-button nx-button--secondary nx-act-form__cancel-button"
            disabled={cancelling.running || undefined}
            onClick={() => void cancelActivity()}
          >
            取消活动
          </Button>
        </View>
      ) : null}
    </PageShell>
  );
}
