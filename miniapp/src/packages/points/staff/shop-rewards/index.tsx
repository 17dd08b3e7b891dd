import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { REWARD_PERIOD_LABELS, REWARD_PERIODS, type RewardPeriod } from '@nuanxin/shared/points/constants';
import type { ManagedReward, RewardLimits, ShopRewardList } from '@nuanxin/shared/points/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { merchantApi } from '../../../../services/points';
import { goToLogin, useSession } from '../../../../services/session';
import '../../../../styles/staff.css';
import './index.css';

/** What the merchant typed: a number, or null for an empty box (不限), or NaN when it is not a number. */
function numberOf(text: string): number | null {
  const t = text.trim();
  return t === '' ? null : Number(t);
}

interface Form {
  id: string | null;
  title: string;
  pricePoints: string;
  stockPerPeriod: string;
  period: RewardPeriod;
  perRiderMonthlyLimit: string;
  voucherValidDays: string;
  hours: string;
}

const emptyForm: Form = {
  id: null,
  title: '',
  pricePoints: '',
  stockPerPeriod: '',
  period: 'month',
  perRiderMonthlyLimit: '',
  voucherValidDays: '7',
  hours: '',
};

const formOf = (r: ManagedReward): Form => ({
  id: r.id,
  title: r.title,
  pricePoints: String(r.pricePoints),
  stockPerPeriod: String(r.stockPerPeriod),
  period: r.period as RewardPeriod,
  perRiderMonthlyLimit: r.perRiderMonthlyLimit == null ? '' : String(r.perRiderMonthlyLimit),
  voucherValidDays: String(r.voucherValidDays),
  hours: r.hours,
});

/** The district's bounds in words, or null when it has set none. */
function limitsText(l: RewardLimits | undefined): string | null {
  if (!l) return null;
  const parts: string[] = [];
  const { minPricePoints: min, maxPricePoints: max, maxStockPerPeriod: stock } = l;
  if (min != null && max != null) parts.push(`积分价格 ${min}–${max} 分`);
  else if (min != null) parts.push(`积分价格不低于 ${min} 分`);
  else if (max != null) parts.push(`积分价格不超过 ${max} 分`);
  if (stock != null) parts.push(`每期名额最多 ${stock} 份`);
  return parts.length ? `${l.districtName}规定：${parts.join('，')}` : null;
}

/**
 * 我的奖励: the merchant's own rewards — name, points price, units per period, on/off — within
 * the bounds its district set. What the street pays back per voucher is set by the street.
 */
export default function ShopRewardsPage() {
  const { user } = useSession();
  const [list, setList] = useState<ShopRewardList | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const loading = useAction();
  const writing = useAction();
  const busy = writing.running;
  const merchant = user?.role === 'merchant';

  const load = useCallback(async () => {
    await loading.run(async () => setList(await merchantApi.rewards()));
  }, [loading.run]);

  useEffect(() => {
    if (!user) goToLogin();
    else if (merchant) void load();
  }, [user, merchant, load]);

  async function run(fn: () => Promise<unknown>, done: string): Promise<boolean> {
    if (busy) return false;
    return writing.run(async () => {
      await fn();
      void Taro.showToast({ title: done, icon: 'success' });
      await load();
    });
  }

  async function save() {
    if (!form) return;
    const numbers = {
      pricePoints: numberOf(form.pricePoints),
      stockPerPeriod: numberOf(form.stockPerPeriod),
      voucherValidDays: numberOf(form.voucherValidDays),
    };
    const missing = Object.values(numbers).some((v) => v === null || Number.isNaN(v));
    if (!form.title.trim() || missing) {
      writing.fail('请填写名称、积分价格、每期名额和有效天数（整数）');
      return;
    }
    const limit = numberOf(form.perRiderMonthlyLimit);
    if (limit !== null && Number.isNaN(limit)) {
      writing.fail('每人每月限兑次数请填写整数，或空着为不限');
      return;
    }
    const fields = {
      title: form.title,
      pricePoints: numbers.pricePoints!,
      stockPerPeriod: numbers.stockPerPeriod!,
      voucherValidDays: numbers.voucherValidDays!,
      perRiderMonthlyLimit: limit,
      hours: form.hours,
    };
    const ok = await run(
      () =>
        form.id
          ? merchantApi.updateReward(form.id, fields)
          : merchantApi.createReward({ ...fields, period: form.period }),
      form.id ? '已保存' : '已上架',
    );
    if (ok) setForm(null);
  }

  if (!user) return <PageShell title="我的奖励" />;
  if (!merchant) {
    return (
      <PageShell title="我的奖励">
        <Text className="nx-subtitle">我的奖励供友好商户管理本店的兑换奖励。</Text>
      </PageShell>
    );
  }

  const limits = limitsText(list?.limits[0]);
  const set = (patch: Partial<Form>) => setForm((f) => (f ? { ...f, ...patch } : f));

  return (
    <PageShell title="我的奖励" className="nx-shop-rewards">
      {list?.merchants[0] ? <Text className="nx-subtitle">{list.merchants[0].name}</Text> : null}
      {limits ? <Text className="nx-card__text nx-shop-rewards__limits">{limits}</Text> : null}
      {loading.notice(() => void load())}
      {form ? null : writing.notice()}

      {form ? (
        <View className="nx-card nx-shop-reward-form">
          <Text className="nx-card__title">{form.id ? '修改奖励' : '新增奖励'}</Text>
          {form.id ? (
            <Text className="nx-card__text">修改只影响之后的兑换；已发放的兑换券按原积分和有效期使用。</Text>
          ) : null}
          <Text className="nx-card__text">名称</Text>
          <Input
            className="nx-form__input nx-shop-reward-form__title"
            value={form.title}
            maxlength={40}
            placeholder="如：洗剪吹"
            onInput={(e) => set({ title: e.detail.value })}
          />
          <Text className="nx-card__text">积分价格</Text>
          <Input
            className="nx-form__input nx-shop-reward-form__price"
            type="number"
            value={form.pricePoints}
            placeholder="如：10"
            onInput={(e) => set({ pricePoints: e.detail.value })}
          />
          <Text className="nx-card__text">每期名额{form.id ? `（${REWARD_PERIOD_LABELS[form.period]}）` : ''}</Text>
          <Input
            className="nx-form__input nx-shop-reward-form__stock"
            type="number"
            value={form.stockPerPeriod}
            placeholder="如：20"
            onInput={(e) => set({ stockPerPeriod: e.detail.value })}
          />
          {form.id ? null : (
            <View className="nx-chips">
              {REWARD_PERIODS.map((p) => (
                <View
                  key={p}
                  className={`nx-chip${p === form.period ? ' nx-chip--selected' : ''}`}
                  onClick={() => set({ period: p })}
                >
                  <Text>{REWARD_PERIOD_LABELS[p]}</Text>
                </View>
              ))}
            </View>
          )}
          <Text className="nx-card__text">每人每月限兑次数（空着为不限）</Text>
          <Input
            className="nx-form__input"
            type="number"
            value={form.perRiderMonthlyLimit}
            placeholder="不限"
            onInput={(e) => set({ perRiderMonthlyLimit: e.detail.value })}
          />
          <Text className="nx-card__text">兑换券有效天数</Text>
          <Input
            className="nx-form__input"
            type="number"
            value={form.voucherValidDays}
            onInput={(e) => set({ voucherValidDays: e.detail.value })}
          />
          <Text className="nx-card__text">营业时间</Text>
          <Input
            className="nx-form__input"
            value={form.hours}
            maxlength={40}
            placeholder="如：09:00-21:00"
            onInput={(e) => set({ hours: e.detail.value })}
          />
          {limits ? <Text className="nx-card__text">{limits}</Text> : null}
          {/* Beside the save button: a refusal must be seen where the merchant is looking. */}
          {writing.notice()}
          <View className="nx-review__actions">
            <Button
              className="nx-button nx-button--primary nx-shop-reward-form__save"
              loading={busy}
              disabled={busy || undefined}
              onClick={() => void save()}
            >
              保存
            </Button>
            <Button className="nx-button nx-button--secondary" onClick={() => setForm(null)}>
              取消
            </Button>
          </View>
        </View>
      ) : list ? (
        <Button className="nx-button nx-button--primary nx-shop-rewards__add" onClick={() => setForm(emptyForm)}>
          新增奖励
        </Button>
      ) : null}

      {list && list.items.length === 0 && !form ? (
        <Text className="nx-subtitle">本店还没有奖励。新增后，骑手即可用积分兑换。</Text>
      ) : null}

      {(list?.items ?? []).map((r) => (
        <View key={r.id} className={`nx-card nx-shop-reward${r.active ? '' : ' nx-shop-reward--off'}`}>
          <Text className="nx-card__title">
            {r.title}
            {r.active ? '' : '（已暂停）'}
          </Text>
          <Text className="nx-card__text">
            {r.pricePoints} 分 · {REWARD_PERIOD_LABELS[r.period as RewardPeriod]} {r.stockPerPeriod} 份（本期剩余{' '}
            {r.stockLeft}）
          </Text>
          <Text className="nx-card__text">
            {r.perRiderMonthlyLimit == null ? '每人不限次' : `每人每月 ${r.perRiderMonthlyLimit} 次`} · 兑换券{' '}
            {r.voucherValidDays} 天有效 · 未使用 {r.openVouchers} 张
          </Text>
          <Text className="nx-card__text">
            结算金额：{r.settlementFen == null ? '未设定（由街道设定）' : `¥${(r.settlementFen / 100).toFixed(2)} / 张`}
          </Text>
          <View className="nx-review__actions">
            <Button className="nx-button nx-button--secondary" onClick={() => setForm(formOf(r))}>
              修改
            </Button>
            <Button
              className={`nx-button ${r.active ? 'nx-button--danger' : 'nx-button--primary'} nx-shop-reward__toggle`}
              disabled={busy || undefined}
              onClick={() =>
                void run(() => merchantApi.updateReward(r.id, { active: !r.active }), r.active ? '已暂停' : '已恢复')
              }
            >
              {r.active ? '暂停兑换' : '恢复兑换'}
            </Button>
          </View>
        </View>
      ))}
    </PageShell>
  );
}
