// Through the default export: Taro's H5 transform rewrites a lone named import to `Taro.x`
// without the binding (ReferenceError: _Taro is not defined).
import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../components/PageShell';
import { useAction } from '../../../components/useAction';
import { PlaceLabel } from '../../../components/PlaceLabel';
import { Timeline } from '../components/Timeline';
import { ReportPlaceMap } from '../components/ReportPlaceMap';
import { CityForwardCard } from '../components/CityForwardCard';
import { mediaUrl, reportsApi } from '../../../services/reports';
import '../styles/report.css';

export default function ReportDetailPage() {
  const { params } = Taro.useRouter();
  const id = params.id ?? '';
  const [report, setReport] = useState<ReportDetail | null>(null);
  const loading = useAction({ anyError: true });
  const reopening = useAction({ anyError: true, fallback: '操作失败' });
  const load = () => loading.run(async () => setReport(await reportsApi.detail(id)));
  useEffect(() => {
    void load();
  }, [id]);

  async function reopen() {
    await reopening.run(async () => setReport(await reportsApi.reopen(id, '问题仍然存在')));
  }

  if (!report)
    return (
      <PageShell title="上报进度">{loading.error ? loading.notice(() => void load()) : <Text>加载中…</Text>}</PageShell>
    );
  return (
    <PageShell title="上报进度" className="nx-report-detail">
      <Text className="nx-title">{report.category.name}</Text>
      <Text className={`nx-state nx-state--${report.state}`}>{REPORT_STATE_LABELS[report.state]}</Text>
      {report.description ? <Text className="nx-subtitle">{report.description}</Text> : null}
      <PlaceLabel
        className="nx-card nx-report-detail__place"
        lat={report.lat}
        lng={report.lng}
        known={report.place}
        accuracy={report.accuracyM}
      />
      <View className="nx-report-detail__photos">
        {report.photos.map((p) => (
          <Image key={p.id} className="nx-report-detail__photo" src={mediaUrl(p.thumbUrl)} mode="aspectFill" />
        ))}
      </View>
      <ReportPlaceMap report={report} />
      {report.cityForward ? <CityForwardCard forward={report.cityForward} /> : null}
      <View className="nx-card">
        <Text className="nx-card__title">处理进度</Text>
        <Timeline updates={report.updates} />
      </View>
      {reopening.notice()}
      {report.mine && report.fixedAt && (report.state === 'fixed' || report.state === 'closed') ? (
        <Button className="nx-button nx-button--secondary" onClick={() => void reopen()}>
          没修好，重新打开
        </Button>
      ) : null}
    </PageShell>
  );
}
