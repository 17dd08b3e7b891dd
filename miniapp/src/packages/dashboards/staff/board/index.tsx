import Taro from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  DASHBOARD_PERIOD_LABELS,
  DASHBOARD_PERIODS,
  REPORT_TIME_STEP_LABELS,
  REPORT_TIME_STEPS,
} from '@nuanxin/shared/dashboards/constants';
import type { AccessDashboard, ReportDashboard } from '@nuanxin/shared/dashboards/schemas';
import { DENY_REASONS } from '@nuanxin/shared/access/constants';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { dashboardsApi, type DashboardKind, type Figures, type PeriodChoice } from '../../../../services/dashboards';
import { downloadAuthenticated } from '../../../../services/download';
import { staffReportUrl } from '../../../../routes';
import { TrendChart } from '../../components/TrendChart';
import { Kpis, minutes, Section, share, shortDay, Table } from '../../components/BoardParts';
import { PointsBoard } from '../../components/PointsBoard';
import { CoverageBoard } from '../../components/CoverageBoard';
import { ScopeMap } from '../../components/ScopeMap';
import '../../../../styles/staff.css';
import './index.css';

const STATE_LABELS: Record<string, string> = {
  submitted: '待受理',
  accepted: '已受理',
  dispatched: '已派单',
  on_site: '已到场',
};

/** The period dashboards, then 驿站覆盖 and 地图 (the state now). */
type Tab = DashboardKind | 'stations' | 'map';
const TABS = [
  ['reports', '随手拍'],
  ['access', '通行'],
  ['points', '积分'],
  ['stations', '驿站覆盖'],
  ['map', '地图'],
] as const satisfies readonly (readonly [Tab, string])[];

const todayInChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const reasonLabel = (code: string) => (DENY_REASONS as Record<string, { message: string }>)[code]?.message ?? code;

/**
 * 数据看板 of a street operator (its street) or a district admin (its district, street by street):
 * 随手拍, 暖新码 and 积分 figures over a chosen period, trend charts (Chart.js), tables with CSV export,
 * and the overdue reports (tap → the report); 驿站覆盖 (coverage and its gaps on a map) and 地图
 * (streets shaded by open or overdue reports) as they are now.
 */
export default function DashboardPage() {
  const [tab, setTab] = useState<Tab>('reports');
  // 驿站覆盖 and 地图 are the state now: no period, each loads its own figures.
  const periodless = tab === 'stations' || tab === 'map';
  const [choice, setChoice] = useState<PeriodChoice>({ period: '7d' });
  const [figures, setFigures] = useState<Partial<Figures>>({});
  const loading = useAction({ anyError: true });

  useEffect(() => {
    if (choice.period === 'custom' && (!choice.from || !choice.to)) return;
    if (tab === 'stations' || tab === 'map') return;
    void loading.run(async () => {
      const d = await dashboardsApi.figures(tab, choice);
      setFigures((f) => ({ ...f, [tab]: d }));
    });
  }, [tab, choice.period, choice.from, choice.to]);

  const csv = (kind: DashboardKind) => (table: string) => () =>
    void loading.run(() =>
      downloadAuthenticated(dashboardsApi.csvPath(kind, table, choice), `${kind}-${table}.csv`, 'file'),
    );
  const today = todayInChina();
  const { scope, period } = (periodless ? undefined : figures[tab]) ?? {};

  return (
    <PageShell title="数据看板" className="nx-dash">
      <Text className="nx-title">{scope ? `${scope.name} · 数据看板` : '数据看板'}</Text>
      <View className="nx-tabs">
        {TABS.map(([k, label]) => (
          <Text
            key={k}
            className={tab === k ? 'nx-tabs__tab nx-tabs__tab--active' : 'nx-tabs__tab'}
            onClick={() => setTab(k)}
          >
            {label}
          </Text>
        ))}
      </View>
      <View className="nx-chips" style={periodless ? { display: 'none' } : undefined}>
        {DASHBOARD_PERIODS.map((p) => (
          <Text
            key={p}
            className={choice.period === p ? 'nx-chip nx-chip--selected' : 'nx-chip'}
            onClick={() =>
              setChoice(
                p === 'custom' ? { period: p, from: choice.from ?? today, to: choice.to ?? today } : { period: p },
              )
            }
          >
            {DASHBOARD_PERIOD_LABELS[p]}
          </Text>
        ))}
      </View>
      {choice.period === 'custom' && !periodless ? (
        <View className="nx-dash__range">
          <Picker
            mode="date"
            value={choice.from ?? today}
            end={today}
            onChange={(e) => setChoice({ ...choice, from: e.detail.value })}
          >
            <Text className="nx-chip">从 {choice.from}</Text>
          </Picker>
          <Picker
            mode="date"
            value={choice.to ?? today}
            end={today}
            onChange={(e) => setChoice({ ...choice, to: e.detail.value })}
          >
            <Text className="nx-chip">到 {choice.to}</Text>
          </Picker>
        </View>
      ) : null}
      {period && !periodless ? (
        <Text className="nx-dash__period">
          {period.from} 至 {period.to}（{period.days} 天，北京时间）
        </Text>
      ) : null}
      {loading.notice()}
      {tab === 'reports' && figures.reports ? <ReportsBoard d={figures.reports} csv={csv('reports')} /> : null}
      {tab === 'access' && figures.access ? <AccessBoard d={figures.access} csv={csv('access')} /> : null}
      {tab === 'points' && figures.points ? <PointsBoard d={figures.points} csv={csv('points')} /> : null}
      {tab === 'stations' ? <CoverageBoard /> : null}
      {tab === 'map' ? <ScopeMap /> : null}
    </PageShell>
  );
}

function ReportsBoard({ d, csv }: { d: ReportDashboard; csv: (table: string) => () => void }) {
  return (
    <View>
      <Kpis
        items={[
          ['上报', d.totals.filed],
          ['受理', d.totals.accepted],
          ['修复', d.totals.fixed],
          ['当前未办结', d.totals.openNow],
          ['当前超时', d.overdueTotal],
        ]}
      />
      <Section title="每日上报、受理、修复" csv={csv('daily')}>
        <TrendChart
          id="dash-reports-daily"
          kind={d.daily.length === 1 ? 'bar' : 'line'}
          labels={d.daily.map((x) => shortDay(x.day))}
          series={[
            { label: '上报', values: d.daily.map((x) => x.filed), color: '#c2410c' },
            { label: '受理', values: d.daily.map((x) => x.accepted), color: '#2563eb' },
            { label: '修复', values: d.daily.map((x) => x.fixed), color: '#15803d' },
          ]}
          ariaLabel="每日上报、受理、修复的趋势图"
        />
      </Section>
      <Section title="用时与时限" csv={csv('times')}>
        <Text className="nx-dash__period">本期上报的工单：受理、修复自上报起算，到场自派单起算</Text>
        <Table
          head={['环节', '中位数', '90分位', '时限', '按时']}
          rows={REPORT_TIME_STEPS.map((k) => {
            const s = d.times[k];
            return [
              REPORT_TIME_STEP_LABELS[k],
              minutes(s.p50),
              minutes(s.p90),
              minutes(s.deadline),
              `${share(s.withinDeadline, s.count)}（${s.withinDeadline}/${s.count}）`,
            ];
          })}
        />
      </Section>
      {d.streets.length > 0 ? (
        <Section title="街道对比" csv={csv('streets')}>
          <TrendChart
            id="dash-reports-streets"
            kind="bar"
            labels={d.streets.map((s) => s.name.replace(/街道$/, ''))}
            series={[
              { label: '上报', values: d.streets.map((s) => s.filed), color: '#c2410c' },
              { label: '修复', values: d.streets.map((s) => s.fixed), color: '#15803d' },
              { label: '当前超时', values: d.streets.map((s) => s.overdueNow), color: '#b91c1c' },
            ]}
            ariaLabel="各街道上报、修复与超时对比图"
          />
          <Table
            head={['街道', '上报', '修复', '按时修复', '未办结', '超时', '受理中位']}
            rows={d.streets.map((s) => [
              s.name,
              s.filed,
              s.fixed,
              s.fixedWithinDeadline,
              s.openNow,
              s.overdueNow,
              minutes(s.p50ToAccept),
            ])}
          />
        </Section>
      ) : null}
      <Section title="按类别" csv={csv('categories')}>
        <Table head={['类别', '上报', '已修复']} rows={d.byCategory.map((c) => [c.name, c.filed, c.fixed])} />
      </Section>
      <Section title={`超时工单（${d.overdueTotal}）`} csv={csv('overdue')}>
        {d.overdue.length === 0 ? <Text className="nx-card__text">当前没有超时工单</Text> : null}
        {d.overdue.map((r) => (
          <View
            key={r.id}
            className="nx-dash__overdue"
            onClick={() => void Taro.navigateTo({ url: staffReportUrl(r.id) })}
          >
            <Text className="nx-dash__overdue-title">
              {r.category} · {STATE_LABELS[r.state] ?? r.state}
            </Text>
            <Text className="nx-dash__overdue-meta">
              {r.streetName ?? '区级'} · 已超时 {minutes(r.overdueMinutes)} ›
            </Text>
          </View>
        ))}
      </Section>
    </View>
  );
}

function AccessBoard({ d, csv }: { d: AccessDashboard; csv: (table: string) => () => void }) {
  const p = d.passes;
  return (
    <View>
      <Kpis
        items={[
          ['扫码', d.totals.scans],
          ['拒绝', d.totals.refusals],
          ['拒绝率', share(d.totals.refusals, d.totals.scans)],
          ['通行申请', p.applied],
          ['审核中位', minutes(p.p50DecisionMinutes)],
        ]}
      />
      <Section title="每日扫码与拒绝" csv={csv('daily')}>
        <TrendChart
          id="dash-access-daily"
          kind={d.daily.length === 1 ? 'bar' : 'line'}
          labels={d.daily.map((x) => shortDay(x.day))}
          series={[
            { label: '扫码', values: d.daily.map((x) => x.scans), color: '#2563eb' },
            { label: '拒绝', values: d.daily.map((x) => x.refusals), color: '#b91c1c' },
          ]}
          ariaLabel="每日扫码与拒绝的趋势图"
        />
      </Section>
      <Section title="按时段（北京时间）" csv={csv('hours')}>
        <TrendChart
          id="dash-access-hours"
          kind="bar"
          labels={d.byHour.map((h) => String(h.hour))}
          series={[
            { label: '扫码', values: d.byHour.map((h) => h.scans), color: '#2563eb' },
            { label: '拒绝', values: d.byHour.map((h) => h.refusals), color: '#b91c1c' },
          ]}
          ariaLabel="各时段扫码与拒绝的柱状图"
        />
      </Section>
      <Section title="按社区" csv={csv('communities')}>
        <Table
          head={['社区', '街道', '扫码', '拒绝']}
          rows={d.byCommunity.map((c) => [c.name, c.streetName, c.scans, c.refusals])}
        />
      </Section>
      <Section title="拒绝原因" csv={csv('reasons')}>
        <Table head={['原因', '次数']} rows={d.reasons.map((r) => [reasonLabel(r.reason), r.count])} />
      </Section>
      <Section title="通行申请与审核用时" csv={csv('passes')}>
        <Table
          head={['申请', '通过', '未通过', '待审核', '审核中位', '审核90分位']}
          rows={[
            [
              p.applied,
              p.approved,
              p.rejected,
              p.pending,
              minutes(p.p50DecisionMinutes),
              minutes(p.p90DecisionMinutes),
            ],
          ]}
        />
      </Section>
    </View>
  );
}
