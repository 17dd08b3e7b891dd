import { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  AGREEMENT_PARTY_LABELS,
  APPROVAL_MODE_LABELS,
  APPROVAL_MODES,
  PLATFORM_LABELS,
  PLATFORMS,
  type AgreementPartyKind,
  type ApprovalMode,
  type Platform,
} from '@nuanxin/shared/access/constants';
import type { Agreement, AgreementParty } from '@nuanxin/shared/access/agreements';
import type { Community } from '@nuanxin/shared/geo/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { orgApi } from '../../../../services/org';
import { useWrite } from '../../../../components/useAction/use-write';
import '../../../../styles/admin.css';
import '../org.css';

interface Form {
  communityId: string;
  platform: Platform;
  stationName: string;
  startsOn: string;
  endsOn: string;
  approval: ApprovalMode;
  propertyCompany: string;
  parties: AgreementParty[];
}

const STATE_LABELS: Record<Agreement['state'], string> = {
  in_force: '生效中',
  upcoming: '未开始',
  expired: '已到期',
  ended: '已终止',
};

/** Today in Beijing, YYYY-MM-DD. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

const DEFAULT_PARTIES = (['community', 'property', 'platform'] as AgreementPartyKind[]).map((kind) => ({
  kind,
  organisation: '',
  signatory: '',
}));

function emptyForm(community?: Community): Form {
  return {
    communityId: community?.id ?? '',
    platform: 'meituan',
    stationName: '',
    startsOn: today(),
    endsOn: '',
    approval: 'manual',
    propertyCompany: community?.propertyCompany ?? '',
    parties: DEFAULT_PARTIES.map((p) =>
      p.kind === 'community' && community
        ? { ...p, organisation: community.name }
        : p.kind === 'property' && community?.propertyCompany
          ? { ...p, organisation: community.propertyCompany }
          : { ...p },
    ),
  };
}

const formOf = (a: Agreement): Form => ({
  communityId: a.communityId,
  platform: a.platform as Platform,
  stationName: a.stationName ?? '',
  startsOn: a.startsOn,
  endsOn: a.endsOn ?? '',
  approval: a.approval,
  propertyCompany: a.propertyCompany,
  parties: a.parties.length > 0 ? a.parties.map((p) => ({ ...p })) : DEFAULT_PARTIES.map((p) => ({ ...p })),
});

/** What a person typed, checked before it is sent; a Chinese message when it is not right. */
function check(form: Form): string | null {
  if (!form.communityId) return '请选择社区';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.startsOn)) return '开始日期格式应为 2026-01-31';
  if (form.endsOn && !/^\d{4}-\d{2}-\d{2}$/.test(form.endsOn)) return '结束日期格式应为 2026-12-31，长期有效请留空';
  if (form.endsOn && form.endsOn < form.startsOn) return '结束日期不能早于开始日期';
  const unsigned = form.parties.find((p) => p.organisation.trim() && !p.signatory.trim());
  if (unsigned) return `请填写${AGREEMENT_PARTY_LABELS[unsigned.kind]}一方的签约人`;
  return null;
}

function AgreementForm(props: {
  initial: Form;
  communities: Community[] | null;
  /** The community is fixed (editing, or the page opened for one community). */
  fixedCommunity: boolean;
  busy: boolean;
  submitLabel: string;
  onSubmit: (form: Form) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<Form>(props.initial);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setParty = (i: number, patch: Partial<AgreementParty>) =>
    setForm((f) => ({ ...f, parties: f.parties.map((p, j) => (j === i ? { ...p, ...patch } : p)) }));
  return (
    <View className="nx-org-agreement-form">
      {props.fixedCommunity ? null : (
        <>
          <Text className="nx-admin__label">社区</Text>
          <View className="nx-org__choices">
            {(props.communities ?? [])
              .filter((c) => c.active)
              .map((c) => (
                <Text
                  key={c.id}
                  className={`nx-org__choice nx-org-agreement-form__community${form.communityId === c.id ? ' nx-org__choice--on' : ''}`}
                  onClick={() => setForm(emptyForm(c))}
                >
                  {c.name}
                </Text>
              ))}
          </View>
        </>
      )}
      <Text className="nx-admin__label">平台</Text>
      <View className="nx-org__choices">
        {PLATFORMS.map((p) => (
          <Text
            key={p}
            className={`nx-org__choice nx-org-agreement-form__platform${form.platform === p ? ' nx-org__choice--on' : ''}`}
            onClick={() => set({ platform: p })}
          >
            {PLATFORM_LABELS[p]}
          </Text>
        ))}
      </View>
      <Text className="nx-admin__label">站点（可不填：该平台全部站点）</Text>
      <Input
        className="nx-admin__input nx-org-agreement-form__station"
        value={form.stationName}
        maxlength={60}
        placeholder="如 美团呼家楼站"
        onInput={(e) => set({ stationName: e.detail.value })}
      />
      <Text className="nx-admin__label">开始日期</Text>
      <Input
        className="nx-admin__input nx-org-agreement-form__from"
        value={form.startsOn}
        maxlength={10}
        placeholder="2026-01-01"
        onInput={(e) => set({ startsOn: e.detail.value.trim() })}
      />
      <Text className="nx-admin__label">结束日期（留空：长期有效）</Text>
      <Input
        className="nx-admin__input nx-org-agreement-form__to"
        value={form.endsOn}
        maxlength={10}
        placeholder="2027-12-31"
        onInput={(e) => set({ endsOn: e.detail.value.trim() })}
      />
      <Text className="nx-admin__label">骑手申请</Text>
      <View className="nx-org__choices">
        {APPROVAL_MODES.map((m) => (
          <Text
            key={m}
            className={`nx-org__choice nx-org-agreement-form__approval--${m}${form.approval === m ? ' nx-org__choice--on' : ''}`}
            onClick={() => set({ approval: m })}
          >
            {APPROVAL_MODE_LABELS[m]}
          </Text>
        ))}
      </View>
      <Text className="nx-admin__label">物业公司</Text>
      <Input
        className="nx-admin__input nx-org-agreement-form__property"
        value={form.propertyCompany}
        maxlength={60}
        onInput={(e) => set({ propertyCompany: e.detail.value })}
      />
      <Text className="nx-admin__label">签约方</Text>
      {form.parties.map((p, i) => (
        <View key={i} className="nx-org__party">
          <Text className="nx-org__meta">{AGREEMENT_PARTY_LABELS[p.kind]}</Text>
          <Input
            className={`nx-admin__input nx-org-agreement-form__org-${i}`}
            value={p.organisation}
            maxlength={60}
            placeholder="单位名称"
            onInput={(e) => setParty(i, { organisation: e.detail.value })}
          />
          <Input
            className={`nx-admin__input nx-org-agreement-form__signatory-${i}`}
            value={p.signatory}
            maxlength={40}
            placeholder="签约人"
            onInput={(e) => setParty(i, { signatory: e.detail.value })}
          />
        </View>
      ))}
      <Text className="nx-admin__hint">未填写单位名称的签约方不会保存。新的结束日期同样适用于已发放的通行证。</Text>
      <View className="nx-admin__actions">
        <Button
          className="nx-button nx-button--primary nx-org-agreement-form__submit"
          disabled={props.busy || undefined}
          onClick={() => props.onSubmit(form)}
        >
          {props.submitLabel}
        </Button>
        <Button className="nx-button nx-button--secondary" onClick={props.onCancel}>
          取消
        </Button>
      </View>
    </View>
  );
}

/**
 * 三方共建协议 of one community (`communityId`) or of every community in scope: list, sign, edit,
 * end. Community admins, street operators and district admins, each in their own scope.
 */
export default function OrgAgreementsPage() {
  const communityId = useRouter().params.communityId;
  const [items, setItems] = useState<Agreement[] | null>(null);
  const [communities, setCommunities] = useState<Community[] | null>(null);
  const loading = useAction();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  const load = () =>
    loading.run(async () => {
      setItems((await orgApi.agreements(communityId)).items);
      setCommunities((await orgApi.communities()).items);
    });
  useDidShow(() => void load());
  const action = useWrite(load);
  const { busy, done, run, setError } = action;
  const community = communityId ? communities?.find((c) => c.id === communityId) : undefined;

  const bodyOf = (form: Form) => ({
    platform: form.platform,
    stationName: form.stationName.trim() || null,
    startsOn: form.startsOn,
    endsOn: form.endsOn || null,
    approval: form.approval,
    propertyCompany: form.propertyCompany.trim(),
    parties: form.parties.filter((p) => p.organisation.trim()),
  });

  async function add(form: Form) {
    const problem = check(form);
    if (problem) return setError(problem);
    const ok = await run(
      () => orgApi.createAgreement({ communityId: form.communityId, ...bodyOf(form) }),
      `已签订${PLATFORM_LABELS[form.platform]}的共建协议`,
    );
    if (ok) setAdding(false);
  }

  async function save(a: Agreement, form: Form) {
    const problem = check(form);
    if (problem) return setError(problem);
    const ok = await run(() => orgApi.updateAgreement(a.id, bodyOf(form)), '已保存协议');
    if (ok) setEditing(null);
  }

  async function end(a: Agreement) {
    const ok = await action.confirm(
      `终止「${a.communityName}」的${PLATFORM_LABELS[a.platform as Platform] ?? a.platform}协议？`,
      `终止后立即生效：该协议下的 ${a.passes} 张通行证马上失效，骑手不能再按此协议申请。终止后不能恢复。`,
      '终止',
    );
    if (!ok) return;
    await run(() => orgApi.endAgreement(a.id), '协议已终止，其下的通行证已失效');
  }

  return (
    <PageShell title="共建协议" className="nx-org-agreements">
      <Text className="nx-subtitle">
        {community ? `${community.name}的三方共建协议。` : '负责范围内各社区的三方共建协议。'}
        协议在有效期内向所列平台（和站点）的骑手开放该社区。
      </Text>
      {action.notice() ?? loading.notice(() => void load())}
      {done ? <Text className="nx-admin__ok">{done}</Text> : null}
      {adding ? (
        <View className="nx-card">
          <Text className="nx-card__title">签订共建协议</Text>
          <AgreementForm
            initial={emptyForm(community)}
            communities={communities}
            fixedCommunity={!!communityId}
            busy={busy}
            submitLabel="签订"
            onSubmit={(f) => void add(f)}
            onCancel={() => setAdding(false)}
          />
        </View>
      ) : (
        <Button
          className="nx-button nx-button--primary nx-org-agreements__add"
          disabled={communities === null || (!!communityId && !community) || undefined}
          onClick={() => setAdding(true)}
        >
          签订共建协议
        </Button>
      )}
      {items === null && !loading.error ? <Text className="nx-subtitle">加载中…</Text> : null}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有共建协议。</Text> : null}
      {(items ?? []).map((a) => (
        <View key={a.id} className={`nx-card nx-org-agreement nx-org-agreement--${a.state}`}>
          <Text className="nx-card__title">
            {communityId ? '' : `${a.communityName} · `}
            {PLATFORM_LABELS[a.platform as Platform] ?? a.platform}
            {a.stationName ? ` · ${a.stationName}` : ' · 全部站点'}
            <Text
              className={`nx-org__state${a.state === 'in_force' ? '' : a.state === 'upcoming' ? ' nx-org__state--warn' : ' nx-org__state--off'}`}
            >
              {STATE_LABELS[a.state]}
            </Text>
          </Text>
          <Text className="nx-org__meta">
            {a.startsOn} 至 {a.endsOn ?? '长期'} · {APPROVAL_MODE_LABELS[a.approval]} · 通行证 {a.passes} 张
          </Text>
          <Text className="nx-org__meta">物业：{a.propertyCompany || '未填写'}</Text>
          {a.parties.length > 0 ? (
            <Text className="nx-org__meta">
              签约方：
              {a.parties.map((p) => `${AGREEMENT_PARTY_LABELS[p.kind]} ${p.organisation}（${p.signatory}）`).join('；')}
            </Text>
          ) : null}
          {editing === a.id ? (
            <AgreementForm
              initial={formOf(a)}
              communities={communities}
              fixedCommunity
              busy={busy}
              submitLabel="保存"
              onSubmit={(f) => void save(a, f)}
              onCancel={() => setEditing(null)}
            />
          ) : a.state === 'ended' ? null : (
            <View className="nx-admin__actions">
              <Button
                className="nx-button nx-button--secondary nx-org-agreement__edit"
                onClick={() => setEditing(a.id)}
              >
                修改
              </Button>
              <Button
                className="nx-button nx-button--danger nx-org-agreement__end"
                disabled={busy || undefined}
                onClick={() => void end(a)}
              >
                终止
              </Button>
            </View>
          )}
        </View>
      ))}
    </PageShell>
  );
}
