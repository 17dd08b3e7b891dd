import { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  MERCHANT_KIND_LABELS,
  MERCHANT_KINDS,
  ORG_ADDRESS_MAX,
  ORG_NAME_MAX,
  type MerchantKind,
} from '@nuanxin/shared/geo/constants';
import type { Merchant, StreetSummary } from '@nuanxin/shared/geo/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { orgApi } from '../../../../services/org';
import { PositionInput, type LatLng } from '../../components/PositionInput';
import { useWrite } from '../../../../components/useAction/use-write';
import '../../../../styles/admin.css';
import '../org.css';

interface Form {
  name: string;
  kind: MerchantKind;
  address: string;
  position: LatLng | null;
  /** '' = found from the street boundaries. */
  streetId: string;
}

const EMPTY: Form = { name: '', kind: 'barber', address: '', position: null, streetId: '' };

const kindLabel = (kind: string) => MERCHANT_KIND_LABELS[kind as MerchantKind] ?? kind;

function ShopForm(props: {
  initial: Form;
  streets: StreetSummary[];
  busy: boolean;
  submitLabel: string;
  onSubmit: (form: Form) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<Form>(props.initial);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <View className="nx-org-shop-form">
      <Text className="nx-admin__label">商户名称</Text>
      <Input
        className="nx-admin__input nx-org-shop-form__name"
        value={form.name}
        maxlength={ORG_NAME_MAX}
        placeholder="如 老街坊理发"
        onInput={(e) => set({ name: e.detail.value })}
      />
      <Text className="nx-admin__label">类型</Text>
      <View className="nx-org__choices">
        {MERCHANT_KINDS.map((k) => (
          <Text
            key={k}
            className={`nx-org__choice nx-org-shop-form__kind--${k}${form.kind === k ? ' nx-org__choice--on' : ''}`}
            onClick={() => set({ kind: k })}
          >
            {MERCHANT_KIND_LABELS[k]}
          </Text>
        ))}
      </View>
      <Text className="nx-admin__label">地址</Text>
      <Input
        className="nx-admin__input nx-org-shop-form__address"
        value={form.address}
        maxlength={ORG_ADDRESS_MAX}
        placeholder="如 朝阳区金台路12号"
        onInput={(e) => set({ address: e.detail.value })}
      />
      <Text className="nx-admin__label">位置</Text>
      <PositionInput
        value={form.position}
        onChange={(position) => set({ position })}
        onPlaceName={(name) => {
          if (!form.address.trim()) set({ address: name });
        }}
      />
      <Text className="nx-admin__label">所属街道</Text>
      <View className="nx-org__choices">
        <Text
          className={`nx-org__choice nx-org-shop-form__street-auto${form.streetId === '' ? ' nx-org__choice--on' : ''}`}
          onClick={() => set({ streetId: '' })}
        >
          按位置自动确定
        </Text>
        {props.streets
          .filter((s) => s.active)
          .map((s) => (
            <Text
              key={s.id}
              className={`nx-org__choice${form.streetId === s.id ? ' nx-org__choice--on' : ''}`}
              onClick={() => set({ streetId: s.id })}
            >
              {s.name}
            </Text>
          ))}
      </View>
      <View className="nx-admin__actions">
        <Button
          className="nx-button nx-button--primary nx-org-shop-form__submit"
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
 * 友好商户 in scope: district admins and street operators (own street) register, edit and
 * deactivate shops. Their staff are invited from 工作人员邀请 (role 商户, scope the shop).
 */
export default function OrgShopsPage() {
  const [items, setItems] = useState<Merchant[] | null>(null);
  const [streets, setStreets] = useState<StreetSummary[]>([]);
  const loading = useAction();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  const load = () =>
    loading.run(async () => {
      setItems((await orgApi.merchants()).items);
      setStreets((await orgApi.streets()).items);
    });
  useDidShow(() => void load());
  const action = useWrite(load);
  const { busy, done, run, setError } = action;
  const streetName = (id: string) => streets.find((s) => s.id === id)?.name ?? '';

  function bodyOf(form: Form) {
    if (!form.name.trim()) return '请填写商户名称';
    if (!form.position) return '请设置商户位置（地图选点、用我的位置或输入坐标）';
    return {
      name: form.name.trim(),
      kind: form.kind,
      address: form.address.trim(),
      lat: form.position.lat,
      lng: form.position.lng,
      ...(form.streetId ? { streetId: form.streetId } : {}),
    };
  }

  async function add(form: Form) {
    const body = bodyOf(form);
    if (typeof body === 'string') return setError(body);
    const ok = await run(() => orgApi.createMerchant(body), `已新建「${body.name}」，可在工作人员邀请中邀请店员`);
    if (ok) setAdding(false);
  }

  async function save(m: Merchant, form: Form) {
    const body = bodyOf(form);
    if (typeof body === 'string') return setError(body);
    const ok = await run(() => orgApi.updateMerchant(m.id, body), `已保存「${body.name}」`);
    if (ok) setEditing(null);
  }

  async function toggle(m: Merchant) {
    if (m.active) {
      const ok = await action.confirm(
        `停用「${m.name}」？`,
        '停用后骑手不再看到这家店；已发出的兑换券和记录保持不变，随时可以重新启用。',
        '停用',
      );
      if (!ok) return;
    }
    await run(
      () => orgApi.updateMerchant(m.id, { active: !m.active }),
      m.active ? `已停用「${m.name}」` : `已启用「${m.name}」`,
    );
  }

  return (
    <PageShell title="友好商户" className="nx-org-shops">
      <Text className="nx-subtitle">骑手用积分兑换服务的商户。店员由工作人员邀请加入（角色：商户）。</Text>
      {action.notice() ?? loading.notice(() => void load())}
      {done ? <Text className="nx-admin__ok">{done}</Text> : null}
      {adding ? (
        <View className="nx-card">
          <Text className="nx-card__title">新建商户</Text>
          <ShopForm
            initial={EMPTY}
            streets={streets}
            busy={busy}
            submitLabel="新建"
            onSubmit={(f) => void add(f)}
            onCancel={() => setAdding(false)}
          />
        </View>
      ) : (
        <Button className="nx-button nx-button--primary nx-org-shops__add" onClick={() => setAdding(true)}>
          新建商户
        </Button>
      )}
      {items === null && !loading.error ? <Text className="nx-subtitle">加载中…</Text> : null}
      {items && items.length === 0 ? <Text className="nx-subtitle">还没有商户。</Text> : null}
      {(items ?? []).map((m) => (
        <View key={m.id} className="nx-card nx-org-shop">
          <Text className="nx-card__title">
            {m.name}
            {m.active ? null : <Text className="nx-admin__off">已停用</Text>}
          </Text>
          <Text className="nx-org__meta">
            {kindLabel(m.kind)} · {streetName(m.streetId)} · {m.code}
          </Text>
          {m.address ? <Text className="nx-org__meta">{m.address}</Text> : null}
          {editing === m.id ? (
            <ShopForm
              initial={{
                name: m.name,
                kind: (MERCHANT_KINDS as readonly string[]).includes(m.kind) ? (m.kind as MerchantKind) : 'other',
                address: m.address,
                position: { lat: m.lat, lng: m.lng },
                streetId: m.streetId,
              }}
              streets={streets}
              busy={busy}
              submitLabel="保存"
              onSubmit={(f) => void save(m, f)}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <View className="nx-admin__actions">
              <Button className="nx-button nx-button--secondary nx-org-shop__edit" onClick={() => setEditing(m.id)}>
                修改
              </Button>
              <Button
                className={`nx-button nx-button--${m.active ? 'danger' : 'secondary'} nx-org-shop__toggle`}
                disabled={busy || undefined}
                onClick={() => void toggle(m)}
              >
                {m.active ? '停用' : '启用'}
              </Button>
            </View>
          )}
        </View>
      ))}
    </PageShell>
  );
}
