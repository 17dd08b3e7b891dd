import { useDidShow } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import {
  CATEGORY_ICONS,
  CATEGORY_NAME_MAX,
  CATEGORY_SLA_LIMITS,
  type CategoryIcon,
} from '@nuanxin/shared/reports/constants';
import type { AdminCategory } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { routingApi } from '../../../../services/reports';
import { useWrite } from '../../../../components/useAction/use-write';
import '../../../../styles/admin.css';
import './index.css';

interface Form {
  code: string;
  name: string;
  icon: CategoryIcon;
  acceptWithinMinutes: string;
  onSiteWithinMinutes: string;
  fixWithinHours: string;
  cityLevel: boolean;
}

const EMPTY: Form = {
  code: '',
  name: '',
  icon: CATEGORY_ICONS[0],
  acceptWithinMinutes: '30',
  onSiteWithinMinutes: '30',
  fixWithinHours: '24',
  cityLevel: false,
};

/** Minutes/hours typed by a person → an integer within the limits, or an error message. */
function sla(
  form: Form,
): { acceptWithinMinutes: number; onSiteWithinMinutes: number; fixWithinHours: number } | string {
  const a = Number(form.acceptWithinMinutes);
  const o = Number(form.onSiteWithinMinutes);
  const f = Number(form.fixWithinHours);
  const L = CATEGORY_SLA_LIMITS;
  if (!Number.isInteger(a) || a < L.acceptWithinMinutes.min || a > L.acceptWithinMinutes.max)
    return `受理时限应为 ${L.acceptWithinMinutes.min}～${L.acceptWithinMinutes.max} 分钟的整数`;
  if (!Number.isInteger(o) || o < L.onSiteWithinMinutes.min || o > L.onSiteWithinMinutes.max)
    return `到场时限应为 ${L.onSiteWithinMinutes.min}～${L.onSiteWithinMinutes.max} 分钟的整数`;
  if (!Number.isInteger(f) || f < L.fixWithinHours.min || f > L.fixWithinHours.max)
    return `修复时限应为 ${L.fixWithinHours.min}～${L.fixWithinHours.max} 小时的整数`;
  return { acceptWithinMinutes: a, onSiteWithinMinutes: o, fixWithinHours: f };
}

function CategoryForm(props: {
  initial: Form;
  withCode: boolean;
  busy: boolean;
  submitLabel: string;
  onSubmit: (form: Form) => void;
  onCancel?: () => void;
}) {
  const [form, setForm] = useState<Form>(props.initial);
  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <View className="nx-category-form">
      {props.withCode ? (
        <>
          <Text className="nx-admin__label">编号（英文小写，如 guardrail；创建后不能修改）</Text>
          <Input
            className="nx-admin__input nx-category-form__code"
            value={form.code}
            maxlength={32}
            placeholder="guardrail"
            onInput={(e) => set({ code: e.detail.value.trim() })}
          />
        </>
      ) : null}
      <Text className="nx-admin__label">名称</Text>
      <Input
        className="nx-admin__input nx-category-form__name"
        value={form.name}
        maxlength={CATEGORY_NAME_MAX}
        placeholder="如：护栏损坏"
        onInput={(e) => set({ name: e.detail.value })}
      />
      <Text className="nx-admin__label">图标</Text>
      <View className="nx-admin__icons">
        {CATEGORY_ICONS.map((icon) => (
          <Text
            key={icon}
            className={`nx-admin__icon-choice${form.icon === icon ? ' nx-admin__icon-choice--on' : ''}`}
            onClick={() => set({ icon })}
          >
            {icon}
          </Text>
        ))}
      </View>
      <Text className="nx-admin__label">受理时限（分钟）</Text>
      <Input
        className="nx-admin__input nx-category-form__accept"
        type="number"
        value={form.acceptWithinMinutes}
        onInput={(e) => set({ acceptWithinMinutes: e.detail.value })}
      />
      <Text className="nx-admin__label">到场时限（分钟，自派单起）</Text>
      <Input
        className="nx-admin__input nx-category-form__on-site"
        type="number"
        value={form.onSiteWithinMinutes}
        onInput={(e) => set({ onSiteWithinMinutes: e.detail.value })}
      />
      <Text className="nx-admin__label">修复时限（小时，自上报起）</Text>
      <Input
        className="nx-admin__input nx-category-form__fix"
        type="number"
        value={form.fixWithinHours}
        onInput={(e) => set({ fixWithinHours: e.detail.value })}
      />
      <Text className="nx-admin__label">市级类别</Text>
      <View className="nx-admin__icons">
        {[false, true].map((on) => (
          <Text
            key={String(on)}
            className={`nx-admin__icon-choice nx-category-form__city nx-category-form__city--${on ? 'on' : 'off'}${
              form.cityLevel === on ? ' nx-admin__icon-choice--on' : ''
            }`}
            onClick={() => set({ cityLevel: on })}
          >
            {on ? '是：同时转交 12345' : '否：街道处置'}
          </Text>
        ))}
      </View>
      <Text className="nx-admin__hint">时限只影响之后的上报（到场时限：之后的派单）；已提交的上报保持原来的时限。</Text>
      <View className="nx-admin__actions">
        <Button
          className="nx-button nx-button--primary nx-category-form__submit"
          disabled={props.busy || undefined}
          onClick={() => props.onSubmit(form)}
        >
          {props.submitLabel}
        </Button>
        {props.onCancel ? (
          <Button className="nx-button nx-button--secondary" onClick={props.onCancel}>
            取消
          </Button>
        ) : null}
      </View>
    </View>
  );
}

/** District admins: the managed list of 随手拍 categories. */
export default function StaffCategoriesPage() {
  const [items, setItems] = useState<AdminCategory[] | null>(null);
  const loading = useAction({ anyError: true });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  const load = () => loading.run(async () => setItems((await routingApi.categories()).items));
  useDidShow(() => void load());
  const action = useWrite(load, { anyError: true });
  const { busy, done, run, setError } = action;
  const error = action.error ?? loading.error;

  async function add(form: Form) {
    const limits = sla(form);
    if (typeof limits === 'string') return setError(limits);
    if (!/^[a-z][a-z0-9_]{1,31}$/.test(form.code)) return setError('编号只能用英文小写字母、数字和下划线，以字母开头');
    if (!form.name.trim()) return setError('请填写名称');
    const ok = await run(
      () =>
        routingApi.createCategory({
          code: form.code,
          name: form.name.trim(),
          icon: form.icon,
          cityLevel: form.cityLevel,
          ...limits,
        }),
      `已新增「${form.name.trim()}」`,
    );
    if (ok) setAdding(false);
  }

  async function save(c: AdminCategory, form: Form) {
    const limits = sla(form);
    if (typeof limits === 'string') return setError(limits);
    if (!form.name.trim()) return setError('请填写名称');
    const ok = await run(
      () =>
        routingApi.updateCategory(c.id, {
          name: form.name.trim(),
          icon: form.icon,
          cityLevel: form.cityLevel,
          ...limits,
        }),
      `已保存「${form.name.trim()}」`,
    );
    if (ok) setEditing(null);
  }

  async function toggle(c: AdminCategory) {
    if (c.active) {
      const ok = await action.confirm(
        `停用「${c.name}」？`,
        '骑手将不能再选这个类别；已有的上报照常处理，随时可以重新启用。',
        '停用',
      );
      if (!ok) return;
    }
    await run(
      () => routingApi.updateCategory(c.id, { active: !c.active }),
      c.active ? `已停用「${c.name}」` : `已启用「${c.name}」`,
    );
  }

  async function remove(c: AdminCategory) {
    const ok = await action.confirm(
      `删除「${c.name}」？`,
      '这个类别还没有任何上报，删除后各街道对它的分派也一并删除。',
      '删除',
    );
    if (ok) await run(() => routingApi.deleteCategory(c.id), `已删除「${c.name}」`);
  }

  return (
    <PageShell title="随手拍类别" className="nx-staff-categories">
      <Text className="nx-subtitle">骑手上报时可选的类别。已有上报的类别不能删除，只能停用。</Text>
      {action.notice() ?? loading.notice()}
      {done ? <Text className="nx-admin__ok">{done}</Text> : null}
      {adding ? (
        <View className="nx-card">
          <Text className="nx-card__title">新增类别</Text>
          <CategoryForm
            initial={EMPTY}
            withCode
            busy={busy}
            submitLabel="新增"
            onSubmit={(f) => void add(f)}
            onCancel={() => setAdding(false)}
          />
        </View>
      ) : (
        <Button className="nx-button nx-button--primary nx-categories-add" onClick={() => setAdding(true)}>
          新增类别
        </Button>
      )}
      {items === null && !error ? <Text className="nx-subtitle">加载中…</Text> : null}
      {(items ?? []).map((c) => (
        <View key={c.id} className={`nx-card nx-category nx-category--${c.code}`}>
          <View className="nx-admin__row">
            <Text className="nx-admin__icon">{c.icon || '他'}</Text>
            <View className="nx-admin__main">
              <Text className="nx-card__title">
                {c.name}
                {c.active ? null : <Text className="nx-admin__off">已停用</Text>}
                {c.cityLevel ? <Text className="nx-admin__city">市级 · 转交12345</Text> : null}
              </Text>
              <Text className="nx-card__text">
                {c.code} · 受理 {c.acceptWithinMinutes} 分钟 · 到场 {c.onSiteWithinMinutes} 分钟 · 修复{' '}
                {c.fixWithinHours} 小时
              </Text>
            </View>
          </View>
          {editing === c.id ? (
            <CategoryForm
              initial={{
                code: c.code,
                name: c.name,
                icon: (CATEGORY_ICONS as readonly string[]).includes(c.icon)
                  ? (c.icon as CategoryIcon)
                  : CATEGORY_ICONS[0],
                acceptWithinMinutes: String(c.acceptWithinMinutes),
                onSiteWithinMinutes: String(c.onSiteWithinMinutes),
                fixWithinHours: String(c.fixWithinHours),
                cityLevel: c.cityLevel,
              }}
              withCode={false}
              busy={busy}
              submitLabel="保存"
              onSubmit={(f) => void save(c, f)}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <View className="nx-admin__actions">
              <Button className="nx-button nx-button--secondary nx-category__edit" onClick={() => setEditing(c.id)}>
                修改
              </Button>
              <Button
                className={`nx-button nx-button--${c.active ? 'danger' : 'secondary'} nx-category__toggle`}
                disabled={busy || undefined}
                onClick={() => void toggle(c)}
              >
                {c.active ? '停用' : '启用'}
              </Button>
              {c.inUse ? null : (
                <Button
                  className="nx-button nx-button--danger nx-category__delete"
                  disabled={busy || undefined}
                  onClick={() => void remove(c)}
                >
                  删除
                </Button>
              )}
            </View>
          )}
        </View>
      ))}
    </PageShell>
  );
}
