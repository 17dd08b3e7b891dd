import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import type { Gate } from '@nuanxin/shared/access/schemas';
import type {
  CreateInvitationBody,
  Invitation,
  InvitationSummary,
  InvitationTargets,
} from '@nuanxin/shared/auth/schemas';
import {
  INVITATION_STATUS_LABELS,
  INVITATION_STATUSES,
  ROLE_LABELS,
  type InvitationStatus,
  type StaffRole,
} from '@nuanxin/shared/auth/constants';
import { Notice } from '../../../../components/Notice';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { accessApi } from '../../../../services/access';
import { invitationsApi } from '../../../../services/invitations';
import '../../../../styles/staff.css';
import './index.css';

/** The expiries offered; the server bounds them (1 hour to 30 days). */
const EXPIRIES = [
  { hours: 24, label: '1 天' },
  { hours: 72, label: '3 天' },
  { hours: 168, label: '7 天' },
  { hours: 720, label: '30 天' },
] as const;

const ROLE_HINTS: Record<StaffRole, string> = {
  community_admin: '管理所选社区的审核、门岗、楼栋指引、通行记录',
  street_operator: '处理所选街道的随手拍工单、骑手通行',
  merchant: '所选友好商户的核销',
  district_admin: '本区全部管理权限',
  gate_guard: '在所选门岗查验骑手码（同一社区）',
  crew_member: '接收派给所选队伍的处置任务',
  mediator: '本区一站式调解中心：受理、调处骑手的法律援助求助',
  apartment_operator: '运营所选暖新公寓：房间床位、床位申请、入住退宿',
};

type Filter = 'all' | InvitationStatus;

const when = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

/** Shown in two halves so it is read aloud and typed without losing place; typed either way. */
const spaced = (code: string) => `${code.slice(0, 5)} ${code.slice(5)}`;

function Chips<T extends { id: string; name: string }>(props: {
  items: readonly T[];
  selected: readonly string[];
  onToggle: (id: string) => void;
  className?: string;
}) {
  return (
    <View className={`nx-chips ${props.className ?? ''}`}>
      {props.items.map((it) => (
        <View
          key={it.id}
          className={`nx-chip${props.selected.includes(it.id) ? ' nx-chip--selected' : ''}`}
          onClick={() => props.onToggle(it.id)}
        >
          <Text>{it.name}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * 工作人员邀请: issue a one-time code for a role and a scope inside the caller's own, see every
 * code the caller could have issued with its status, and withdraw one nobody has used yet.
 */
export default function StaffInvitationsPage() {
  const [targets, setTargets] = useState<InvitationTargets | null>(null);
  const [role, setRole] = useState<StaffRole | null>(null);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<number>(72);
  const [picked, setPicked] = useState<string[]>([]);
  // A district has many communities and shops: typed words narrow the chips.
  const [q, setQ] = useState('');
  // gate_guard: the community first, then its gates.
  const [gateCommunity, setGateCommunity] = useState<string | null>(null);
  const [gates, setGates] = useState<Gate[]>([]);
  const [issued, setIssued] = useState<Invitation | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<InvitationSummary[]>([]);
  const [page, setPage] = useState(1);
  const [total, setTotal] = useState(0);
  const load = useAction({ fallback: '加载失败，请重试' });
  const issuing = useAction({ fallback: '发放失败，请重试' });
  const listing = useAction({ fallback: '加载失败，请重试' });

  useEffect(() => {
    void load.run(async () => {
      const t = await invitationsApi.targets();
      setTargets(t);
      setRole(t.roles[0] ?? null);
    });
  }, [load.run]);

  const refresh = useCallback(
    async (nextPage = 1) => {
      await listing.run(async () => {
        const res = await invitationsApi.list({ ...(filter === 'all' ? {} : { status: filter }), page: nextPage });
        setItems((prev) => (nextPage === 1 ? res.items : [...prev, ...res.items]));
        setPage(nextPage);
        setTotal(res.total);
      });
    },
    [filter, listing.run],
  );

  useEffect(() => {
    void refresh(1);
  }, [refresh]);

  useEffect(() => {
    setPicked([]);
    setGateCommunity(null);
    setGates([]);
    setQ('');
  }, [role]);

  useEffect(() => {
    setPicked([]);
    setGates([]);
    if (!gateCommunity) return;
    accessApi
      .gates(gateCommunity)
      .then((r) => setGates(r.items))
      .catch(() => setGates([]));
  }, [gateCommunity]);

  if (!targets) {
    return (
      <PageShell title="工作人员邀请" className="nx-invite">
        {load.notice()}
      </PageShell>
    );
  }
  if (targets.roles.length === 0) {
    return (
      <PageShell title="工作人员邀请" className="nx-invite">
        <Notice tone="info" message="你的角色不能邀请工作人员" />
      </PageShell>
    );
  }

  const single = (id: string) => setPicked((prev) => (prev[0] === id ? [] : [id]));
  const multi = (id: string) => setPicked((prev) => (prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id]));
  const label = (x: { name: string; streetName?: string | null }) =>
    targets.streets.length > 1 && x.streetName ? `${x.name}（${x.streetName}）` : x.name;

  function body(): CreateInvitationBody | string {
    if (!role) return '请选择角色';
    const displayName = name.trim();
    if (displayName === '') return '请填写被邀请人的姓名';
    const base = { role, displayName, expiresInHours: expiry };
    switch (role) {
      case 'community_admin':
        return picked.length > 0 ? { ...base, communityIds: picked } : '请选择社区';
      case 'street_operator':
        return picked[0] ? { ...base, streetId: picked[0] } : '请选择街道';
      case 'merchant':
        return picked[0] ? { ...base, merchantId: picked[0] } : '请选择商户';
      case 'gate_guard':
        return picked.length > 0 ? { ...base, gateIds: picked } : '请选择门岗';
      case 'crew_member':
        return picked[0] ? { ...base, teamId: picked[0] } : '请选择队伍';
      case 'apartment_operator':
        return picked.length > 0 ? { ...base, apartmentIds: picked } : '请选择公寓';
      case 'district_admin':
      case 'mediator':
        return base;
    }
  }

  async function issue() {
    const b = body();
    if (typeof b === 'string') {
      issuing.fail(b);
      return;
    }
    await issuing.run(async () => {
      setIssued(await invitationsApi.issue(b));
      setName('');
      setPicked([]);
      await refresh(1);
    });
  }

  async function copy(code: string) {
    try {
      await Taro.setClipboardData({ data: code });
      void Taro.showToast({ title: '已复制', icon: 'success' });
    } catch {
      issuing.fail('复制失败，请长按邀请码手动复制');
    }
  }

  async function revoke(item: InvitationSummary) {
    const res = await Taro.showModal({
      title: '撤销邀请码',
      content: `撤销后「${item.displayName}」的邀请码立即失效，确定吗？`,
      confirmText: '撤销',
      cancelText: '取消',
      confirmColor: '#b91c1c',
    });
    if (!res.confirm) return;
    await listing.run(async () => {
      const updated = await invitationsApi.revoke(item.id);
      setItems((prev) => prev.map((i) => (i.id === updated.id ? updated : i)));
    }, '撤销失败，请重试');
  }

  /** Chips matching the typed words; the chosen ones stay visible whatever is typed. */
  const narrow = <T extends { id: string; name: string }>(items: T[], chosen: readonly string[]) =>
    items.filter((it) => q.trim() === '' || it.name.includes(q.trim()) || chosen.includes(it.id));
  const communityItems = targets.communities.map((c) => ({ id: c.id, name: label(c) }));
  const merchantItems = targets.merchants.map((m) => ({ id: m.id, name: label(m) }));
  const longList =
    ((role === 'community_admin' || role === 'gate_guard') && communityItems.length > 8) ||
    (role === 'merchant' && merchantItems.length > 8);

  return (
    <PageShell title="工作人员邀请" className="nx-invite">
      {issued ? (
        <View className="nx-card nx-invite__issued">
          <Text className="nx-card__title">
            {ROLE_LABELS[issued.role]} · {issued.displayName}
          </Text>
          <Text className="nx-invite__code">{spaced(issued.code)}</Text>
          <Text className="nx-invite__hint">
            邀请码只显示这一次，请复制发给对方；{when(issued.expiresAt)} 前有效。对方在「我的」页输入即可绑定。
          </Text>
          <Button className="nx-button nx-button--primary nx-invite__copy" onClick={() => void copy(issued.code)}>
            复制邀请码
          </Button>
          <Button className="nx-button nx-button--secondary" onClick={() => setIssued(null)}>
            完成
          </Button>
        </View>
      ) : (
        <View className="nx-card nx-invite__form">
          <Text className="nx-card__title">发放邀请码</Text>
          <Text className="nx-invite__label">角色</Text>
          <Chips
            className="nx-invite__roles"
            items={targets.roles.map((r) => ({ id: r, name: ROLE_LABELS[r] }))}
            selected={role ? [role] : []}
            onToggle={(id) => setRole(id as StaffRole)}
          />
          {role ? <Text className="nx-invite__hint">{ROLE_HINTS[role]}</Text> : null}
          {longList ? (
            <Input
              className="nx-form__input nx-invite__search"
              value={q}
              maxlength={20}
              placeholder={role === 'merchant' ? '输入商户名筛选' : '输入社区名筛选'}
              onInput={(e) => setQ(e.detail.value)}
            />
          ) : null}

          {role === 'community_admin' ? (
            <>
              <Text className="nx-invite__label">负责的社区（可多选）</Text>
              <Chips
                className="nx-invite__scope"
                items={narrow(communityItems, picked)}
                selected={picked}
                onToggle={multi}
              />
            </>
          ) : null}
          {role === 'street_operator' ? (
            <>
              <Text className="nx-invite__label">负责的街道</Text>
              <Chips className="nx-invite__scope" items={targets.streets} selected={picked} onToggle={single} />
            </>
          ) : null}
          {role === 'merchant' ? (
            <>
              <Text className="nx-invite__label">所属商户</Text>
              <Chips
                className="nx-invite__scope"
                items={narrow(merchantItems, picked)}
                selected={picked}
                onToggle={single}
              />
            </>
          ) : null}
          {role === 'apartment_operator' ? (
            <>
              <Text className="nx-invite__label">运营的暖新公寓</Text>
              <Chips className="nx-invite__scope" items={targets.apartments ?? []} selected={picked} onToggle={multi} />
            </>
          ) : null}
          {role === 'crew_member' ? (
            <>
              <Text className="nx-invite__label">加入的处置队伍</Text>
              <Chips
                className="nx-invite__scope"
                items={targets.teams.map((t) => ({ id: t.id, name: label(t) }))}
                selected={picked}
                onToggle={single}
              />
            </>
          ) : null}
          {role === 'gate_guard' ? (
            <>
              <Text className="nx-invite__label">社区</Text>
              <Chips
                className="nx-invite__communities"
                items={narrow(communityItems, gateCommunity ? [gateCommunity] : [])}
                selected={gateCommunity ? [gateCommunity] : []}
                onToggle={(id) => setGateCommunity(id)}
              />
              {gateCommunity ? (
                <>
                  <Text className="nx-invite__label">值守的门岗（可多选）</Text>
                  {gates.length === 0 ? <Notice tone="info" message="该社区还没有登记门岗" /> : null}
                  <Chips className="nx-invite__gates" items={gates} selected={picked} onToggle={multi} />
                </>
              ) : null}
            </>
          ) : null}
          {role === 'district_admin' || role === 'mediator' ? (
            <Text className="nx-invite__hint">范围：本区</Text>
          ) : null}

          {(role === 'community_admin' || role === 'gate_guard') && targets.communities.length === 0 ? (
            <Notice tone="info" message="没有可选的社区" />
          ) : null}
          {role === 'crew_member' && targets.teams.length === 0 ? (
            <Notice tone="info" message="没有可选的队伍" />
          ) : null}

          <Text className="nx-invite__label">被邀请人姓名</Text>
          <Input
            className="nx-form__input nx-invite__name-input"
            value={name}
            maxlength={40}
            placeholder="如：东门 周师傅"
            onInput={(e) => setName(e.detail.value)}
          />
          <Text className="nx-invite__label">有效期</Text>
          <Chips
            className="nx-invite__expiry"
            items={EXPIRIES.map((e) => ({ id: String(e.hours), name: e.label }))}
            selected={[String(expiry)]}
            onToggle={(id) => setExpiry(Number(id))}
          />
          {issuing.notice()}
          <Button
            className="nx-button nx-button--primary nx-invite__issue"
            disabled={issuing.running || undefined}
            onClick={() => void issue()}
          >
            {issuing.running ? '生成中…' : '生成邀请码'}
          </Button>
        </View>
      )}

      <View className="nx-chips nx-invite__filters">
        {(['all', ...INVITATION_STATUSES] as Filter[]).map((f) => (
          <View
            key={f}
            className={`nx-chip nx-invite__filter--${f}${f === filter ? ' nx-chip--selected' : ''}`}
            onClick={() => setFilter(f)}
          >
            <Text>{f === 'all' ? '全部' : INVITATION_STATUS_LABELS[f]}</Text>
          </View>
        ))}
      </View>
      {listing.notice(() => void refresh(1))}
      {items.length === 0 && !listing.running && !listing.error ? <Notice tone="info" message="还没有邀请码" /> : null}
      {items.length > 0 ? (
        <View className="nx-card nx-invite__list">
          {items.map((i) => (
            <View key={i.id} className="nx-invite__item">
              <View className="nx-invite__head">
                <Text className="nx-invite__name">{i.displayName}</Text>
                <Text className={`nx-invite__status nx-invite__status--${i.status}`}>
                  {INVITATION_STATUS_LABELS[i.status]}
                </Text>
              </View>
              <Text className="nx-invite__line">
                {ROLE_LABELS[i.role]} · {i.scopeLabel || '—'}
              </Text>
              <Text className="nx-invite__line">
                {i.createdByName || '—'} 发放于 {when(i.createdAt)}
                {i.status === 'pending' ? ` · ${when(i.expiresAt)} 前有效` : ''}
                {i.status === 'expired' ? ` · ${when(i.expiresAt)} 过期` : ''}
              </Text>
              {i.status === 'redeemed' && i.redeemedAt ? (
                <Text className="nx-invite__line">
                  {i.redeemedByName ?? '—'} 于 {when(i.redeemedAt)} 使用
                </Text>
              ) : null}
              {i.status === 'revoked' && i.revokedAt ? (
                <Text className="nx-invite__line">撤销于 {when(i.revokedAt)}</Text>
              ) : null}
              {i.status === 'pending' ? (
                <Button
                  className="nx-button nx-button--danger nx-invite__revoke"
                  disabled={listing.running || undefined}
                  onClick={() => void revoke(i)}
                >
                  撤销
                </Button>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
      {items.length < total ? (
        <Button
          className="nx-button nx-button--secondary nx-invite__more"
          disabled={listing.running || undefined}
          onClick={() => void refresh(page + 1)}
        >
          {listing.running ? '加载中…' : '加载更多'}
        </Button>
      ) : null}
    </PageShell>
  );
}
