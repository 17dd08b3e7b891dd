import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { StaffRider, StaffRiderDetail } from '@nuanxin/shared/access/schemas';
import {
  PASS_STATUS_LABELS,
  PLATFORM_LABELS,
  SUSPENDER_LABELS,
  SUSPENSION_ACTION_LABELS,
  VEHICLE_LABELS,
} from '@nuanxin/shared/access/constants';
import { ROLE_LABELS, type Role } from '@nuanxin/shared/auth/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { SuspensionNotice } from '../../components/SuspensionNotice';
import { accessApi } from '../../../../services/access';
import { goToLogin, useSession } from '../../../../services/session';
import { formatDateTime } from '../../../../utils/format';
import '../../../../styles/staff.css';
import './index.css';

type Tab = 'all' | 'suspended';

function RiderCard({ rider, onOpen }: { rider: StaffRider; onOpen?: () => void }) {
  return (
    <View
      className={`nx-card nx-rider${rider.suspension ? ' nx-rider--suspended' : ''}`}
      data-rider={rider.id}
      onClick={onOpen}
    >
      <View className="nx-review__head">
        <Text className="nx-review__name">{rider.realName}</Text>
        {onOpen ? <Text className="nx-rider__go">详情 ›</Text> : null}
      </View>
      <Text className="nx-card__text">
        {PLATFORM_LABELS[rider.platform]} · {rider.stationName} · {VEHICLE_LABELS[rider.vehicleKind]}
        {rider.plate ? ` · ${rider.plate}` : ''}
      </Text>
      <Text className="nx-card__text">
        手机 {rider.phoneMasked} · 身份证 {rider.idMasked}
      </Text>
      <Text className="nx-card__text nx-rider__passes">
        {rider.passes.map((p) => `${p.communityName}（${PASS_STATUS_LABELS[p.status]}）`).join('、')}
      </Text>
      {rider.suspension ? <SuspensionNotice suspension={rider.suspension} audience="staff" /> : null}
    </View>
  );
}

/**
 * 骑手通行管理 (street operator, district admin): find a rider of the area, suspend its access
 * everywhere with a reason, lift it; every change with who, when and why.
 */
export default function StaffRidersPage() {
  const { user } = useSession();
  const [tab, setTab] = useState<Tab>('all');
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const [items, setItems] = useState<StaffRider[] | null>(null);
  const [more, setMore] = useState(false);
  const [detail, setDetail] = useState<StaffRiderDetail | null>(null);
  const [reason, setReason] = useState('');
  const task = useAction();
  const busy = task.running;

  useEffect(() => {
    if (!user) goToLogin();
  }, [user]);

  const load = useCallback(async () => {
    await task.run(async () => {
      const page = await accessApi.riders({
        q: searched || undefined,
        suspended: tab === 'suspended' ? true : undefined,
      });
      setItems(page.items);
      setMore(page.more);
    }, '加载失败，请重试');
  }, [tab, searched, task.run]);

  useEffect(() => {
    if (user) void load();
  }, [load, Boolean(user)]);

  async function open(id: string) {
    setReason('');
    await task.run(async () => setDetail(await accessApi.rider(id)), '加载失败，请重试');
  }

  async function change(action: 'suspend' | 'lift') {
    if (!detail || !reason.trim()) return;
    const name = detail.rider.realName;
    const { confirm } = await Taro.showModal({
      title: action === 'suspend' ? '暂停通行资格' : '恢复通行资格',
      content:
        action === 'suspend'
          ? `暂停后${name}在所有小区扫码进门、出示骑手码都将被拒绝，立即生效。确定吗？`
          : `恢复后${name}可按已有通行证正常进门。确定吗？`,
    });
    if (!confirm) return;
    const ok = await task.run(async () => {
      const next =
        action === 'suspend'
          ? await accessApi.suspend(detail.rider.id, reason)
          : await accessApi.lift(detail.rider.id, reason);
      setDetail(next);
      setReason('');
      void Taro.showToast({ title: action === 'suspend' ? '已暂停' : '已恢复', icon: 'success' });
    });
    if (ok) void load();
  }

  if (!user) return <PageShell title="骑手通行管理" />;

  if (detail) {
    const s = detail.rider.suspension;
    // The server refuses too (SUSPENSION_HELD_BY_DISTRICT); saying so here saves a pointless try.
    const heldAbove = s !== null && s.byRole === 'district_admin' && user.role !== 'district_admin';
    return (
      <PageShell title="骑手通行管理" className="nx-riders nx-riders--detail">
        <RiderCard rider={detail.rider} />
        {task.notice()}
        <View className="nx-card nx-riders__action">
          <Text className="nx-card__title">{s ? '恢复通行资格' : '暂停通行资格'}</Text>
          {heldAbove ? (
            <Text className="nx-card__text">
              该暂停由{SUSPENDER_LABELS.district_admin}管理员设置，只能由区管理员恢复。
            </Text>
          ) : (
            <View>
              <Text className="nx-card__text">
                {s ? '请填写恢复原因（记录在案）。' : '暂停对该骑手的所有小区立即生效；原因会显示给骑手，并记录在案。'}
              </Text>
              <Input
                className="nx-form__input nx-riders__reason"
                value={reason}
                maxlength={200}
                placeholder={s ? '如：已核实，误报' : '如：多次在小区内逆行，被业主投诉'}
                onInput={(e) => setReason(e.detail.value)}
              />
              <Button
                className={`nx-button ${s ? 'nx-button--primary nx-riders__lift' : 'nx-button--danger nx-riders__suspend'}`}
                disabled={busy || !reason.trim() || undefined}
                onClick={() => void change(s ? 'lift' : 'suspend')}
              >
                {s ? '恢复通行' : '暂停通行（立即生效）'}
              </Button>
            </View>
          )}
        </View>
        <View className="nx-card nx-riders__history">
          <Text className="nx-card__title">暂停与恢复记录</Text>
          {detail.history.length === 0 ? <Text className="nx-card__text">暂无记录</Text> : null}
          {detail.history.map((h) => (
            <View key={h.id} className={`nx-event nx-riders__event nx-riders__event--${h.action}`}>
              <Text className="nx-event__line">
                <Text className={`nx-event__result--${h.action === 'suspend' ? 'denied' : 'granted'}`}>
                  {SUSPENSION_ACTION_LABELS[h.action]}
                </Text>{' '}
                {formatDateTime(h.at)}
              </Text>
              <Text className="nx-event__line">
                {h.actorName ?? '已注销的工作人员'}（{ROLE_LABELS[h.actorRole as Role] ?? h.actorRole}）
              </Text>
              <Text className="nx-event__line">原因：{h.reason}</Text>
            </View>
          ))}
        </View>
        <Button className="nx-button nx-button--secondary nx-riders__back" onClick={() => setDetail(null)}>
          返回列表
        </Button>
      </PageShell>
    );
  }

  return (
    <PageShell title="骑手通行管理" className="nx-riders">
      <View className="nx-tabs">
        {(['all', 'suspended'] as const).map((t) => (
          <View
            key={t}
            className={`nx-tabs__tab nx-tabs__tab--${t}${tab === t ? ' nx-tabs__tab--active' : ''}`}
            onClick={() => setTab(t)}
          >
            <Text>{t === 'all' ? '全部骑手' : '已暂停'}</Text>
          </View>
        ))}
      </View>
      <View className="nx-riders__search">
        <Input
          className="nx-form__input nx-riders__q"
          value={q}
          maxlength={40}
          placeholder="姓名、车牌或手机号后四位"
          confirmType="search"
          onInput={(e) => setQ(e.detail.value)}
          onConfirm={() => setSearched(q.trim())}
        />
        <Button className="nx-button nx-button--primary nx-riders__find" onClick={() => setSearched(q.trim())}>
          查找
        </Button>
      </View>
      <Text className="nx-card__text nx-riders__hint">只列出在你负责范围内的小区申请或持有通行证的骑手。</Text>
      {task.notice(() => void load())}
      {items?.length === 0 ? (
        <Notice tone="info" message={tab === 'suspended' ? '没有被暂停的骑手' : '没有找到骑手'} />
      ) : null}
      {items?.map((r) => (
        <RiderCard key={r.id} rider={r} onOpen={() => void open(r.id)} />
      ))}
      {more ? <Notice tone="info" message="结果较多，只显示前 50 位，请输入姓名或手机号后四位缩小范围" /> : null}
    </PageShell>
  );
}
