// Through the default export: Taro's H5 transform rewrites a lone named import to `Taro.x`
// without the binding (ReferenceError: _Taro is not defined).
import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import { Notice } from '../../../components/Notice';
import { Timeline } from '../components/Timeline';
import { mediaUrl, reportsApi } from '../../../services/reports';
import '../styles/report.css';

export default function ReportDetailPage() {
  const { params } = Taro.useRouter();
  const id = params.id ?? '';
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => reportsApi.detail(id).then(setReport, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, [id]);

  async function reopen() {
    try {
      setReport(await reportsApi.reopen(id, '问题仍然存在'));
    } catch (err) {
      setError(err instanceof Error ? err.message : '操作失败');
    }
  }

  if (!report)
    return (
      <View className="nx-page">
        {error ? <Notice message={error} onRetry={() => void load()} /> : <Text>加载中…</Text>}
      </View>
    );
  return (
    <View className="nx-page nx-report-detail">
      <Text className="nx-title">{report.category.name}</Text>
      <Text className={`nx-state nx-state--${report.state}`}>{REPORT_STATE_LABELS[report.state]}</Text>
      {report.description ? <Text className="nx-subtitle">{report.description}</Text> : null}
      <View className="nx-report-detail__photos">
        {report.photos.map((p) => (
          <Image key={p.id} className="nx-report-detail__photo" src={mediaUrl(p.thumbUrl)} mode="aspectFill" />
        ))}
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">处理进度</Text>
        <Timeline updates={report.updates} />
      </View>
      {error ? <Notice message={error} /> : null}
      {report.mine && (report.state === 'fixed' || report.state === 'closed') ? (
        <Button className="nx-button nx-button--secondary" onClick={() => void reopen()}>
          没修好，重新打开
        </Button>
      ) : null}
    </View>
  );
}
