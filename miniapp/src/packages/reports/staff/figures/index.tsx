import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { REPORT_STATE_LABELS, REPORT_STATES } from '@nuanxin/shared/reports/constants';
import type { Figures } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { reportsApi } from '../../../../services/reports';
import '../../styles/staff.css';

/** A horizontal bar chart in plain views: renders the same on weapp and H5, no canvas library. */
function BarChart({ rows }: { rows: { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <View className="nx-chart">
      {rows.map((r) => (
        <View key={r.label} className="nx-chart__row">
          <Text className="nx-chart__label">{r.label}</Text>
          <View className="nx-chart__track">
            <View className="nx-chart__bar" style={{ width: `${(r.value / max) * 100}%` }} />
          </View>
          <Text className="nx-chart__value">{r.value}</Text>
        </View>
      ))}
    </View>
  );
}

const minutes = (v: number | null) =>
  v === null ? '—' : v < 60 ? `${Math.round(v)} 分钟` : `${(v / 60).toFixed(1)} 小时`;

export default function FiguresPage() {
  const [figures, setFigures] = useState<Figures | null>(null);
  const loading = useAction({ anyError: true });
  useEffect(() => {
    void loading.run(async () => setFigures(await reportsApi.figures()));
  }, []);
  if (!figures) return <PageShell title="辖区数据">{loading.notice() ?? <Text>加载中…</Text>}</PageShell>;
  return (
    <PageShell title="辖区数据" className="nx-figures">
      <Text className="nx-title">{figures.scope.name} · 随手拍数据</Text>
      <View className="nx-figures__kpis">
        {[
          ['受理', figures.medianMinutes.toAccept],
          ['到场', figures.medianMinutes.toOnSite],
          ['修复', figures.medianMinutes.toFix],
        ].map(([label, v]) => (
          <View key={label as string} className="nx-figures__kpi">
            <Text className="nx-figures__kpi-value">{minutes(v as number | null)}</Text>
            <Text className="nx-figures__kpi-label">{label}用时（中位数）</Text>
          </View>
        ))}
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">按状态（共 {figures.total} 件）</Text>
        <BarChart
          rows={REPORT_STATES.map((s) => ({ label: REPORT_STATE_LABELS[s], value: figures.byState[s] ?? 0 }))}
        />
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">按类别</Text>
        <BarChart rows={figures.byCategory.map((c) => ({ label: c.name, value: c.count }))} />
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">超时工单（{figures.overdue.length}）</Text>
        {figures.overdue.map((r) => (
          <Text key={r.id} className="nx-card__text">
            {r.category.name} · {REPORT_STATE_LABELS[r.state]} · {r.streetName ?? '区级'}
          </Text>
        ))}
      </View>
    </PageShell>
  );
}
