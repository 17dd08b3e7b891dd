import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { FreeBedList, HousingFigures, StaffApplication } from '@nuanxin/shared/housing/schemas';
import {
  APPLICATION_STATUS_LABELS,
  APPLICATION_STEP_LABELS,
  ROOM_GENDER_LABELS,
  type ApplicationStatus,
} from '@nuanxin/shared/housing/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { housingApi } from '../../../../services/housing';
import '../../../../styles/staff.css';
import '../../housing.css';

type Tab = 'open' | 'offered' | 'moved_in' | 'closed';
const TABS: Record<Tab, { label: string; statuses: ApplicationStatus[] }> = {
  open: { label: '待处理', statuses: ['submitted', 'waitlisted'] },
  offered: { label: '待入住', statuses: ['offered'] },
  moved_in: { label: '已入住', statuses: ['moved_in'] },
  closed: { label: '已结束', statuses: ['declined', 'moved_out'] },
};
const beijing = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(5, 16).replace('T', ' ');

/** Applications to the caller's apartments: offer a bed, waitlist, decline, move in and out; figures. */
export default function HousingReviewPage() {
  const [tab, setTab] = useState<Tab>('open');
  const [items, setItems] = useState<StaffApplication[] | null>(null);
  const [figures, setFigures] = useState<HousingFigures | null>(null);
  const [picking, setPicking] = useState<{ id: string; beds: FreeBedList } | null>(null);
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();

  const load = useCallback(async () => {
    await action.run(async () => {
      const [list, f] = await Promise.all([housingApi.applications(), housingApi.figures()]);
      setItems(list.items);
      setFigures(f);
    }, '加载失败，请重试');
  }, [action.run]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(write: () => Promise<string>) {
    setDone(null);
    let said = '';
    const ok = await action.run(async () => {
      said = await write();
    });
    if (!ok) return;
    setPicking(null);
    setDeclining(null);
    setReason('');
    setDone(said);
    await load();
  }

  async function pick(id: string) {
    setDone(null);
    await action.run(async () => setPicking({ id, beds: await housingApi.freeBeds(id) }));
  }

  const shown = items?.filter((i) => TABS[tab].statuses.includes(i.status)) ?? null;
  const busy = action.running || undefined;

  return (
    <PageShell title="床位申请" className="nx-housing nx-housing-review">
      {figures ? (
        <View className="nx-card nx-housing__figures-card">
          <Text className="nx-card__title">今日（{figures.date}）</Text>
          {figures.districts.map((d) => (
            <View key={d.districtId} className="nx-housing__figures">
              {(
                [
                  ['床位', d.beds],
                  ['已入住', d.occupied],
                  ['待入住', d.offered],
                  ['空床', d.vacant],
                  ['等待中', d.waiting],
                ] as const
              ).map(([label, n]) => (
                <View key={label} className="nx-housing__figure">
                  <Text className="nx-housing__figure-n">{n}</Text>
                  <Text className="nx-housing__meta">{label}</Text>
                </View>
              ))}
            </View>
          ))}
          {figures.apartments.map((a) => (
            <Text key={a.apartmentId} className="nx-housing__meta">
              {a.name}：入住 {a.occupied}/{a.beds}，待入住 {a.offered}，空床 {a.vacant}，等待 {a.waiting}
            </Text>
          ))}
        </View>
      ) : null}
      <View className="nx-tabs">
        {(Object.keys(TABS) as Tab[]).map((t) => (
          <View
            key={t}
            className={`nx-tabs__tab nx-tabs__tab--${t}${tab === t ? ' nx-tabs__tab--active' : ''}`}
            onClick={() => setTab(t)}
          >
            <Text>{TABS[t].label}</Text>
          </View>
        ))}
      </View>
      {action.notice(() => void load())}
      {done ? <Notice tone="info" message={done} /> : null}
      {shown?.length === 0 ? <Notice tone="info" message="没有这类申请" /> : null}
      {shown?.map((i) => (
        <View key={i.id} className="nx-card nx-housing__app" data-application={i.id}>
          <View className="nx-housing__row">
            <Text className="nx-card__title">
              {i.applicantName} {i.phoneMasked}
            </Text>
            <Text className="nx-housing__status">{APPLICATION_STATUS_LABELS[i.status]}</Text>
          </View>
          <Text className="nx-housing__meta">
            {i.apartmentName} · {i.fromDate} 起 {i.months} 个月 · {ROOM_GENDER_LABELS[i.gender]}
          </Text>
          <Text className="nx-housing__meta">
            {i.platformLabel ?? '未登记平台'} · {i.stationName ?? '未登记站点'}
          </Text>
          {i.eligible ? null : <Notice tone="error" message={i.ineligibleReason ?? '不符合入住条件'} />}
          {i.needs ? <Text className="nx-housing__text">需求：{i.needs}</Text> : null}
          {i.allocation ? (
            <Text className="nx-housing__text">
              床位：{i.allocation.bedLabel}（{i.allocation.startDate} 至 {i.allocation.endDate}）
            </Text>
          ) : null}
          {i.reason ? <Text className="nx-housing__text">原因：{i.reason}</Text> : null}
          <View className="nx-housing__steps">
            {i.steps.map((s, k) => (
              <Text key={k} className="nx-housing__step">
                {beijing(s.at)} {APPLICATION_STEP_LABELS[s.step]}
                {s.note ? `：${s.note}` : ''}
              </Text>
            ))}
          </View>
          {picking?.id === i.id ? (
            <View className="nx-housing__picker">
              <Text className="nx-form__label">
                选择床位（{picking.beds.startDate} 至 {picking.beds.endDate} 空闲）
              </Text>
              {picking.beds.items.length === 0 ? (
                <Notice tone="info" message="这段日期没有合适的空床位，可登记候补" />
              ) : null}
              {picking.beds.items.map((b) => (
                <View key={b.id} className="nx-housing__bed">
                  <Text>
                    {b.label} · ¥{b.monthlyPrice}/月
                  </Text>
                  <Button
                    className="nx-button nx-button--primary nx-housing__offer-bed"
                    size="mini"
                    disabled={busy}
                    onClick={() =>
                      void act(async () => {
                        await housingApi.step(i.id, 'offer', { bedId: b.id });
                        return `已为 ${i.applicantName} 分配 ${b.label}`;
                      })
                    }
                  >
                    分配
                  </Button>
                </View>
              ))}
            </View>
          ) : null}
          {declining === i.id ? (
            <View>
              <Input
                className="nx-form__input nx-housing__reason"
                placeholder="不通过的原因（骑手可见）"
                value={reason}
                onInput={(e) => setReason(e.detail.value)}
              />
              <Button
                className="nx-button nx-button--danger"
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    await housingApi.step(i.id, 'decline', { reason });
                    return `已告知 ${i.applicantName} 未通过`;
                  })
                }
              >
                确认不通过
              </Button>
            </View>
          ) : null}
          <View className="nx-housing__actions">
            {i.status === 'submitted' || i.status === 'waitlisted' ? (
              <Button
                className="nx-button nx-button--primary nx-housing__offer"
                disabled={busy}
                onClick={() => void pick(i.id)}
              >
                分配床位
              </Button>
            ) : null}
            {i.status === 'submitted' ? (
              <Button
                className="nx-button nx-button--secondary nx-housing__waitlist"
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    await housingApi.step(i.id, 'waitlist');
                    return `${i.applicantName} 已进入候补`;
                  })
                }
              >
                候补
              </Button>
            ) : null}
            {i.status === 'offered' ? (
              <Button
                className="nx-button nx-button--primary nx-housing__move-in"
                disabled={busy}
                onClick={() =>
                  void act(async () => {
                    await housingApi.step(i.id, 'move-in');
                    return `${i.applicantName} 已办理入住`;
                  })
                }
              >
                办理入住
              </Button>
            ) : null}
            {i.status === 'moved_in' ? (
              <Button
                className="nx-button nx-button--secondary nx-housing__move-out"
                disabled={busy}
                onClick={() =>
                  void (async () => {
                    const res = await Taro.showModal({
                      title: '办理退宿？',
                      content: `${i.applicantName} 退宿后床位即空出。`,
                    });
                    if (res.confirm) {
                      await act(async () => {
                        await housingApi.step(i.id, 'move-out');
                        return `${i.applicantName} 已退宿`;
                      });
                    }
                  })()
                }
              >
                办理退宿
              </Button>
            ) : null}
            {['submitted', 'waitlisted', 'offered'].includes(i.status) ? (
              <Button
                className="nx-button nx-button--secondary nx-housing__decline"
                disabled={busy}
                onClick={() => setDeclining(declining === i.id ? null : i.id)}
              >
                不通过
              </Button>
            ) : null}
          </View>
        </View>
      ))}
    </PageShell>
  );
}
