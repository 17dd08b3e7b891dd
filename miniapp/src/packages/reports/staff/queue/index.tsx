import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { Report } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { formatTime } from '../../../../utils/format';
import { IS_WEAPP, STAFF_SUBSCRIBE_TEMPLATES } from '../../../../env';
import { ROUTES, staffReportUrl } from '../../../../routes';
import { reportsApi } from '../../../../services/reports';
import { useViewerPosition } from '../../components/ReportCard/use-viewer-position';
import { ReportCard } from '../../components/ReportCard';
import '../../styles/report.css';
import '../../styles/staff.css';

const GROUPS = [
  { key: 'open', label: '处理中' },
  { key: 'fixed', label: '已修复' },
  { key: 'closed', label: '已办结' },
] as const;

/** Asks (from a tap, as WeChat requires) for the overdue-report subscribe message. */
async function subscribeOverdue(): Promise<boolean> {
  const id = STAFF_SUBSCRIBE_TEMPLATES.report_overdue;
  if (!IS_WEAPP || !id) return false;
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [id], entityIds: [] } as never)) as unknown as Record<
      string,
      string
    >;
    return res[id] === 'accept';
  } catch {
    return false;
  }
}

/** The street's queue, most urgent first (the server sorts by the next SLA deadline). */
export default function StaffReportsPage() {
  const [group, setGroup] = useState<(typeof GROUPS)[number]['key']>('open');
  const [items, setItems] = useState<Report[] | null>(null);
  const loading = useAction({ anyError: true });
  const load = (g = group) => loading.run(async () => setItems((await reportsApi.queue(g)).items));
  useDidShow(() => void load());
  const origin = useViewerPosition();

  return (
    <PageShell title="工单队列" className="nx-queue">
      <View className="nx-queue__tabs">
        {GROUPS.map((g) => (
          <Button
            key={g.key}
            className={`nx-queue__tab${g.key === group ? ' nx-queue__tab--active' : ''}`}
            onClick={() => {
              setGroup(g.key);
              void load(g.key);
            }}
          >
            {g.label}
          </Button>
        ))}
      </View>
      <View className="nx-queue__links">
        <Button
          className="nx-button nx-button--secondary nx-queue__map"
          onClick={() => void Taro.navigateTo({ url: ROUTES.staffMap })}
        >
          {IS_WEAPP ? '地图' : '离我最近'}
        </Button>
        <Button
          className="nx-button nx-button--secondary"
          onClick={() => void Taro.navigateTo({ url: ROUTES.staffDashboard })}
        >
          数据看板
        </Button>
        {IS_WEAPP && STAFF_SUBSCRIBE_TEMPLATES.report_overdue ? (
          <Button
            className="nx-button nx-button--secondary nx-queue__subscribe"
            onClick={() =>
              void subscribeOverdue().then((ok) =>
                Taro.showToast({ title: ok ? '工单超时会提醒你' : '未开启提醒', icon: 'none' }),
              )
            }
          >
            超时提醒
          </Button>
        ) : null}
      </View>
      {loading.notice(() => void load())}
      {items && items.length === 0 ? <Text className="nx-subtitle">暂无工单</Text> : null}
      {(items ?? []).map((r) => (
        <ReportCard
          key={r.id}
          report={r}
          className="nx-queue__item"
          showStreet
          origin={origin}
          onClick={() => void Taro.navigateTo({ url: staffReportUrl(r.id) })}
        >
          <Text className="nx-card__text">
            时限{' '}
            {formatTime(
              r.state === 'submitted'
                ? r.acceptDueAt
                : r.state === 'dispatched' && r.onSiteDueAt && r.onSiteDueAt < r.fixDueAt
                  ? r.onSiteDueAt
                  : r.fixDueAt,
            )}
          </Text>
          {r.teamName && r.dispatchedAt ? (
            <Text className="nx-card__text">
              {r.teamName}
              {r.assigneeName ? ` · ${r.assigneeName}` : ''}
            </Text>
          ) : null}
          {r.confirmations > 0 ? <Text className="nx-card__text">另有 {r.confirmations} 人遇到</Text> : null}
        </ReportCard>
      ))}
    </PageShell>
  );
}
