import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { REWARD_PERIOD_LABELS, REWARD_PERIODS, type RewardPeriod } from '@nuanxin/shared/points/constants';
import type {
  ManagedReward,
  ManagedRewardList,
  ManagedRule,
  ManagedRuleList,
  RewardLimits,
  RewardLimitsInput,
} from '@nuanxin/shared/points/schemas';
import { PageShell } from '../../../../components/PageShell';
import { openRoute, ROUTES } from '../../../../routes';
import { useAction } from '../../../../components/useAction';
import { pointsAdminApi } from '../../../../services/points';
import { goToLogin, useSession } from '../../../../services/session';
import '../../../../styles/staff.css';
import './index.css';

type Tab = 'rewards' | 'rules';

/** What the admin typed: a number, or null for an empty box (不限), or NaN when it is not a number. */
function numberOf(text: string): number | null {
  const t = text.trim();
  return t === '' ? null : Number(t);
}

interface RewardForm {
  id: string | null;
  merchantId: string;
  title: string;
  pricePoints: string;
  stockPerPeriod: string;
  period: RewardPeriod;
  perRiderMonthlyLimit: string;
  voucherValidDays: string;
  hours: string;
  /** Yuan, as typed (the API takes fen). */
  settlementYuan: string;
}

const emptyForm = (merchantId: string): RewardForm => ({
  id: null,
  merchantId,
  title: '',
  pricePoints: '',
  stockPerPeriod: '',
  period: 'month',
  perRiderMonthlyLimit: '',
  voucherValidDays: '7',
  hours: '',
  settlementYuan: '',
});

const formOf = (r: ManagedReward): RewardForm => ({
  id: r.id,
  merchantId: r.merchantId,
  title: r.title,
  pricePoints: String(r.pricePoints),
  stockPerPeriod: String(r.stockPerPeriod),
  period: r.period as RewardPeriod,
  perRiderMonthlyLimit: r.perRiderMonthlyLimit == null ? '' : String(r.perRiderMonthlyLimit),
  voucherValidDays: String(r.voucherValidDays),
  hours: r.hours,
  settlementYuan: r.settlementFen == null ? '' : (r.settlementFen / 100).toFixed(2),
});

/**
 * Staff: the rewards catalog of the shops in their scope (district admin: the district; street
 * operator: its street) and, for a district admin, the district's earning rules. A price or
 * stock change applies to new redemptions; vouchers already issued keep what they were bought at.
 */
export default function StaffPointsPage() {
  const { user } = useSession();
  const [tab, setTab] = useState<Tab>('rewards');
  const [catalog, setCatalog] = useState<ManagedRewardList | null>(null);
  const [rules, setRules] = useState<ManagedRuleList | null>(null);
  const [limits, setLimits] = useState<RewardLimits | null>(null);
  const [form, setForm] = useState<RewardForm | null>(null);
  const loading = useAction();
  // One write at a time; its reload runs inside it, so the buttons stay disabled until it is done.
  const writing = useAction();
  const busy = writing.running;
  const districtAdmin = user?.role === 'district_admin';

  const load = useCallback(async () => {
    await loading.run(async () => {
      setCatalog(await pointsAdminApi.rewards());
      if (districtAdmin) {
        setRules(await pointsAdminApi.rules());
        setLimits(await pointsAdminApi.rewardLimits());
      }
    });
  }, [districtAdmin, loading.run]);

  useEffect(() => {
    if (!user) goToLogin();
    else void load();
  }, [user, load]);

  async function run(fn: () => Promise<unknown>, done: string): Promise<boolean> {
    if (busy) return false;
    return writing.run(async () => {
      await fn();
      void Taro.showToast({ title: done, icon: 'success' });
      await load();
    });
  }

  async function saveReward() {
    if (!form) return;
    const numbers = {
      pricePoints: numberOf(form.pricePoints),
      stockPerPeriod: numberOf(form.stockPerPeriod),
      voucherValidDays: numberOf(form.voucherValidDays),
    };
    const missing = Object.entries(numbers).find(([, v]) => v === null || Number.isNaN(v));
    if (!form.title.trim() || missing) {
      writing.fail('请填写名称、积分价格、每期名额和有效天数（整数）');
      return;
    }
    const limit = numberOf(form.perRiderMonthlyLimit);
    const yuan = numberOf(form.settlementYuan);
    if (yuan !== null && !Number.isFinite(yuan)) {
      writing.fail('结算金额请填写数字（元），或空着为未设定');
      return;
    }
    const fields = {
      title: form.title,
      pricePoints: numbers.pricePoints!,
      stockPerPeriod: numbers.stockPerPeriod!,
      voucherValidDays: numbers.voucherValidDays!,
      perRiderMonthlyLimit: limit,
      hours: form.hours,
      settlementFen: yuan === null ? null : Math.round(yuan * 100),
    };
    const ok = await run(
      () =>
        form.id
          ? pointsAdminApi.updateReward(form.id, fields)
          : pointsAdminApi.createReward({ ...fields, merchantId: form.merchantId, period: form.period }),
      form.id ? '已保存' : '已上架',
    );
    if (ok) setForm(null);
  }

  if (!user) return <PageShell title="奖励与积分规则" />;
  if (user.role !== 'district_admin' && user.role !== 'street_operator') {
    return (
      <PageShell title="奖励与积分规则">
        <Text className="nx-subtitle">奖励与积分规则由区管理员和街道运营管理。</Text>
      </PageShell>
    );
  }

  const merchants = catalog?.merchants ?? [];
  const set = (patch: Partial<RewardForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  return (
    <PageShell title="奖励与积分规则" className="nx-staff-points">
      {districtAdmin ? (
        <View className="nx-tabs">
          {(['rewards', 'rules'] as const).map((t) => (
            <View
              key={t}
              className={`nx-tabs__tab${tab === t ? ' nx-tabs__tab--active' : ''}`}
              onClick={() => setTab(t)}
            >
              <Text>{t === 'rewards' ? '兑换奖励' : '积分规则'}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {loading.notice()}
      {writing.notice()}

      {tab === 'rewards' ? (
        <View>
          {form ? (
            <View className="nx-card nx-reward-form">
              <Text className="nx-card__title">{form.id ? '修改奖励' : '新增奖励'}</Text>
              {form.id ? (
                <Text className="nx-card__text">修改只影响之后的兑换；已发放的兑换券按原积分和有效期使用。</Text>
              ) : (
                <View className="nx-chips">
                  {merchants.map((m) => (
                    <View
                      key={m.id}
                      className={`nx-chip${m.id === form.merchantId ? ' nx-chip--selected' : ''}`}
                      onClick={() => set({ merchantId: m.id })}
                    >
                      <Text>{m.name}</Text>
                    </View>
                  ))}
                </View>
              )}
              <Text className="nx-card__text">名称</Text>
              <Input
                className="nx-form__input"
                value={form.title}
                maxlength={40}
                placeholder="如：理发"
                onInput={(e) => set({ title: e.detail.value })}
              />
              <Text className="nx-card__text">积分价格</Text>
              <Input
                className="nx-form__input nx-reward-form__price"
                type="number"
                value={form.pricePoints}
                placeholder="如：10"
                onInput={(e) => set({ pricePoints: e.detail.value })}
              />
              <Text className="nx-card__text">每期名额{form.id ? `（${REWARD_PERIOD_LABELS[form.period]}）` : ''}</Text>
              <Input
                className="nx-form__input nx-reward-form__stock"
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
              <Text className="nx-card__text">结算金额（元/张，街道向商户支付；空着为未设定）</Text>
              <Input
                className="nx-form__input nx-reward-form__settlement"
                type="digit"
                value={form.settlementYuan}
                placeholder="未设定"
                onInput={(e) => set({ settlementYuan: e.detail.value })}
              />
              <View className="nx-review__actions">
                <Button
                  className="nx-button nx-button--primary"
                  loading={busy}
                  disabled={busy || undefined}
                  onClick={() => void saveReward()}
                >
                  保存
                </Button>
                <Button className="nx-button nx-button--secondary" onClick={() => setForm(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : merchants.length > 0 ? (
            <Button className="nx-button nx-button--primary" onClick={() => setForm(emptyForm(merchants[0]!.id))}>
              新增奖励
            </Button>
          ) : catalog ? (
            <Text className="nx-subtitle">负责范围内还没有友好商户。</Text>
          ) : null}

          {(catalog?.items ?? []).map((r) => (
            <View key={r.id} className={`nx-card nx-managed-reward${r.active ? '' : ' nx-managed-reward--off'}`}>
              <Text className="nx-card__title">
                {r.title} · {r.merchantName}
                {r.active ? '' : '（已下架）'}
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
                结算金额：{r.settlementFen == null ? '未设定' : `¥${(r.settlementFen / 100).toFixed(2)} / 张`}
              </Text>
              <View className="nx-review__actions">
                <Button className="nx-button nx-button--secondary" onClick={() => setForm(formOf(r))}>
                  修改
                </Button>
                <Button
                  className={`nx-button ${r.active ? 'nx-button--danger' : 'nx-button--primary'}`}
                  disabled={busy || undefined}
                  onClick={() =>
                    void run(
                      () => pointsAdminApi.updateReward(r.id, { active: !r.active }),
                      r.active ? '已下架' : '已上架',
                    )
                  }
                >
                  {r.active ? '下架' : '上架'}
                </Button>
                <Button
                  className="nx-button nx-button--secondary nx-managed-reward__statement"
                  onClick={() => openRoute(`${ROUTES.statement}?merchantId=${encodeURIComponent(r.merchantId)}`)}
                >
                  对账单
                </Button>
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {tab === 'rules' && rules ? (
        <View>
          <Text className="nx-subtitle">{rules.districtName}的积分规则：新数值只影响之后获得的积分。</Text>
          {rules.items.map((rule) => (
            <RuleCard
              key={rule.code}
              rule={rule}
              busy={busy}
              onSave={(body) => run(() => pointsAdminApi.updateRule(rule.code, body), '已保存')}
            />
          ))}
          {limits ? (
            <LimitsCard
              limits={limits}
              busy={busy}
              onSave={(body) => run(() => pointsAdminApi.setRewardLimits(body), '已保存')}
            />
          ) : null}
        </View>
      ) : null}
    </PageShell>
  );
}

function RuleCard(props: {
  rule: ManagedRule;
  busy: boolean;
  onSave: (body: {
    points: number;
    dailyCap: number | null;
    monthlyCap: number | null;
    active: boolean;
  }) => Promise<boolean>;
}) {
  const { rule } = props;
  const [points, setPoints] = useState(String(rule.points));
  const [daily, setDaily] = useState(rule.dailyCap == null ? '' : String(rule.dailyCap));
  const [monthly, setMonthly] = useState(rule.monthlyCap == null ? '' : String(rule.monthlyCap));
  const [active, setActive] = useState(rule.active);
  const perEvent = rule.code === 'report_accepted' ? '每次受理得分' : '单次最多发放';
  return (
    <View className={`nx-card nx-rule nx-rule--${rule.code}`}>
      <Text className="nx-card__title">
        {rule.label}
        {rule.districtOwn ? '' : '（全市默认）'}
      </Text>
      <Text className="nx-card__text">{perEvent}</Text>
      <Input
        className="nx-form__input nx-rule__points"
        type="number"
        value={points}
        onInput={(e) => setPoints(e.detail.value)}
      />
      <Text className="nx-card__text">每人每日上限（空着为不限）</Text>
      <Input
        className="nx-form__input nx-rule__daily"
        type="number"
        value={daily}
        placeholder="不限"
        onInput={(e) => setDaily(e.detail.value)}
      />
      <Text className="nx-card__text">每人每月上限（空着为不限）</Text>
      <Input
        className="nx-form__input nx-rule__monthly"
        type="number"
        value={monthly}
        placeholder="不限"
        onInput={(e) => setMonthly(e.detail.value)}
      />
      <View className="nx-chips">
        <View className={`nx-chip${active ? ' nx-chip--selected' : ''}`} onClick={() => setActive(!active)}>
          <Text>{active ? '已启用' : '已停用'}</Text>
        </View>
      </View>
      <Button
        className="nx-button nx-button--primary"
        disabled={props.busy || undefined}
        onClick={() =>
          void props.onSave({
            points: numberOf(points) ?? Number.NaN,
            dailyCap: numberOf(daily),
            monthlyCap: numberOf(monthly),
            active,
          })
        }
      >
        保存
      </Button>
    </View>
  );
}

/** The district's bounds for the rewards its shops set themselves (empty = no bound). */
function LimitsCard(props: {
  limits: RewardLimits;
  busy: boolean;
  onSave: (body: RewardLimitsInput) => Promise<boolean>;
}) {
  const { limits } = props;
  const text = (n: number | null) => (n == null ? '' : String(n));
  const [min, setMin] = useState(text(limits.minPricePoints));
  const [max, setMax] = useState(text(limits.maxPricePoints));
  const [stock, setStock] = useState(text(limits.maxStockPerPeriod));
  return (
    <View className="nx-card nx-rule nx-reward-limits">
      <Text className="nx-card__title">商户自设奖励的限制</Text>
      <Text className="nx-card__text">商户在「我的奖励」中设置的奖励须在以下范围内（空着为不限）。</Text>
      <Text className="nx-card__text">最低积分价格</Text>
      <Input
        className="nx-form__input nx-reward-limits__min"
        type="number"
        value={min}
        placeholder="不限"
        onInput={(e) => setMin(e.detail.value)}
      />
      <Text className="nx-card__text">最高积分价格</Text>
      <Input
        className="nx-form__input nx-reward-limits__max"
        type="number"
        value={max}
        placeholder="不限"
        onInput={(e) => setMax(e.detail.value)}
      />
      <Text className="nx-card__text">每期名额上限</Text>
      <Input
        className="nx-form__input nx-reward-limits__stock"
        type="number"
        value={stock}
        placeholder="不限"
        onInput={(e) => setStock(e.detail.value)}
      />
      <Button
        className="nx-button nx-button--primary nx-reward-limits__save"
        disabled={props.busy || undefined}
        onClick={() =>
          void props.onSave({
            districtId: limits.districtId,
            minPricePoints: numberOf(min),
            maxPricePoints: numberOf(max),
            maxStockPerPeriod: numberOf(stock),
          })
        }
      >
        保存
      </Button>
    </View>
  );
}
