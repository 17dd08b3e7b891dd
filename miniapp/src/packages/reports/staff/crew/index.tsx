import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { Report } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { formatTime } from '../../../../utils/format';
import { IS_WEAPP, STAFF_SUBSCRIBE_TEMPLATES } from '../../../../env';
import { staffReportUrl } from '../../../../routes';
import { reportsApi } from '../../../../services/reports';
import { useViewerPosition } from '../../components/ReportCard/use-viewer-position';
import { ReportCard } from '../../components/ReportCard';
import { useSession } from '../../../../services/session';
import '../../styles/report.css';
import '../../styles/staff.css';

const GROUPS = [
  { key: 'open', label: '待处置' },
  { key: 'done', label: '已完成' },
] as const;

/** What the crew must do next, and by when. */
function nextStep(r: Report): string {
  if (r.state === 'dispatched') return `请在 ${formatTime(r.onSiteDueAt ?? r.fixDueAt)} 前到场`;
  if (r.state === 'on_site') return `请在 ${formatTime(r.fixDueAt)} 前修复并拍照`;
  if (r.fixedAt) return `${formatTime(r.fixedAt)} 已修复`;
  return REPORT_STATE_LABELS[r.state];
}

/** Asks (from a tap, as WeChat requires) for the dispatch subscribe message. */
async function subscribeDispatches(): Promise<boolean> {
  const id = STAFF_SUBSCRIBE_TEMPLATES.report_dispatched;
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

/** 我的处置任务: reports dispatched to the crew member's team (or to it), most urgent first. */
export default function CrewReportsPage() {
  const { user } = useSession();
  const [group, setGroup] = useState<(typeof GROUPS)[number]['key']>('open');
  const [items, setItems] = useState<Report[] | null>(null);
  const loading = useAction({ anyError: true });
  const load = (g = group) => loading.run(async () => setItems((await reportsApi.crewQueue(g)).items));
  useDidShow(() => void load());
  const origin = useViewerPosition();

  return (
    <PageShell title="我的处置任务" className="nx-queue nx-crew">
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
      {IS_WEAPP && STAFF_SUBSCRIBE_TEMPLATES.report_dispatched ? (
        <Button
          className="nx-button nx-button--secondary nx-crew__subscribe"
          onClick={() =>
            void subscribeDispatches().then((ok) =>
              Taro.showToast({ title: ok ? '有新派单时会提醒你' : '未开启提醒', icon: 'none' }),
            )
          }
        >
          接收派单提醒
        </Button>
      ) : null}
      {loading.notice(() => void load())}
      {items && items.length === 0 ? (
        <Text className="nx-subtitle">{group === 'open' ? '暂无待处置的任务' : '还没有完成的任务'}</Text>
      ) : null}
      {(items ?? []).map((r) => (
        <ReportCard
          key={r.id}
          report={r}
          className="nx-crew__item"
          origin={origin}
          onClick={() => void Taro.navigateTo({ url: staffReportUrl(r.id) })}
          tags={r.assigneeId && r.assigneeId === user?.id ? <Text className="nx-crew__mine">指派给我</Text> : null}
        >
          <Text className="nx-card__text nx-crew__place">{r.place}</Text>
          <Text className={`nx-card__text nx-crew__due${group === 'open' ? ' nx-crew__due--open' : ''}`}>
            {nextStep(r)}
          </Text>
        </ReportCard>
      ))}
    </PageShell>
  );
}
