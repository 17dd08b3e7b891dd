import { Text, View } from '@tarojs/components';
import type { PointsDashboard } from '@nuanxin/shared/dashboards/schemas';
import { TrendChart } from '../TrendChart';
import { Kpis, Section, Table } from '../BoardParts';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const shortMonth = (m: string) => `${Number(m.slice(5))}月`;

/**
 * The 积分 tab: the points earned in the scope month by month and what became of them (spending
 * is matched to each rider's oldest points first, as expiry does), how they were earned, and the
 * vouchers the scope's own shops confirmed with what is owed to them.
 */
export function PointsBoard({ d, csv }: { d: PointsDashboard; csv: (table: string) => () => void }) {
  const t = d.totals;
  const owed = d.shops.reduce((sum, s) => sum + s.settlementFen, 0);
  return (
    <View>
      <Kpis
        items={[
          ['发放', t.issued],
          ['已兑换', t.redeemed],
          ['已过期', t.expired],
          ['期末未使用', t.outstanding],
          ['持有骑手', t.ridersHolding],
          ['商户核销', `${t.shopVouchers} 张`],
        ]}
      />
      <Section title="按月：发放与去向" csv={csv('months')}>
        <Text className="nx-dash__period">
          本辖区发放的积分：兑换和过期按骑手最早获得的积分先用计算；商户核销为本辖区商户核销的券
        </Text>
        <TrendChart
          id="dash-points-months"
          kind="bar"
          labels={d.monthly.map((m) => shortMonth(m.month))}
          series={[
            { label: '发放', values: d.monthly.map((m) => m.issued), color: '#c2410c' },
            { label: '已兑换', values: d.monthly.map((m) => m.redeemed), color: '#15803d' },
            { label: '已过期', values: d.monthly.map((m) => m.expired), color: '#71717a' },
            { label: '月末未使用', values: d.monthly.map((m) => m.outstandingEnd), color: '#2563eb' },
          ]}
          ariaLabel="每月积分发放、兑换、过期与未使用的柱状图"
        />
        <Table
          head={['月份', '发放', '兑换', '过期', '冲正/注销', '月末未使用']}
          rows={d.monthly.map((m) => [
            m.month,
            m.issued,
            m.redeemed,
            m.expired,
            m.reversed + m.forfeited,
            m.outstandingEnd,
          ])}
        />
      </Section>
      <Section title="获得方式" csv={csv('rules')}>
        <Table head={['方式', '发放积分']} rows={d.byRule.map((r) => [r.label, r.issued])} />
      </Section>
      <Section title={`商户核销（应结算 ${yuan(owed)}）`} csv={csv('shops')}>
        <Table
          head={['商户', '街道', '核销', '积分', '应结算']}
          rows={d.shops.map((s) => [
            s.name,
            s.streetName,
            s.vouchers,
            s.points,
            s.unpriced > 0 ? `${yuan(s.settlementFen)}（${s.unpriced} 张未定价）` : yuan(s.settlementFen),
          ])}
        />
      </Section>
    </View>
  );
}
