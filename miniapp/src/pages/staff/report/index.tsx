import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { REJECT_REASON_LABELS, REJECT_REASONS, REPORT_STATE_LABELS } from '@nuanxin/shared/reports/constants';
import type { ReportDetail, Team } from '@nuanxin/shared/reports/schemas';
import { Notice } from '../../../components/Notice';
import { PhotoPicker } from '../../../components/PhotoPicker';
import { PrivacyPopup } from '../../../components/PrivacyPopup';
import { Timeline } from '../../../components/Timeline';
import { IS_WEAPP } from '../../../env';
import { fixWithPhoto, mediaUrl, reportsApi, type LocalPhoto } from '../../../services/reports';
import '../../reports/detail/index.css';
import '../reports/index.css';

/** One report for the street operator: photos, place, history and the next step's actions. */
export default function StaffReportPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [after, setAfter] = useState<LocalPhoto[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    reportsApi.detail(id).then(setReport, (e: Error) => setError(e.message));
    reportsApi.teams().then(
      (r) => setTeams(r.items),
      () => undefined,
    );
  }, [id]);

  async function run(fn: () => Promise<ReportDetail>) {
    setBusy(true);
    setError(null);
    try {
      setReport(await fn());
      setRejecting(false);
      setAfter([]);
    } catch (err) {
      setError(err instanceof Error ? err.message : '操作失败，请重试');
    } finally {
      setBusy(false);
    }
  }
  const act = (action: string, extra: { reason?: string; teamId?: string } = {}) =>
    run(() => reportsApi.act(id, { action, ...extra }));

  if (!report) return <View className="nx-page">{error ? <Notice message={error} /> : <Text>加载中…</Text>}</View>;
  const b = busy || undefined;
  return (
    <View className="nx-page nx-staff-report">
      <Text className="nx-title">
        {report.category.name}
        {report.overdue ? <Text className="nx-overdue">超时</Text> : null}
      </Text>
      <Text className={`nx-state nx-state--${report.state}`}>{REPORT_STATE_LABELS[report.state]}</Text>
      {report.description ? <Text className="nx-subtitle">{report.description}</Text> : null}
      <View className="nx-report-detail__photos">
        {report.photos.map((p) => (
          <Image key={p.id} className="nx-report-detail__photo" src={mediaUrl(p.thumbUrl)} mode="aspectFill" />
        ))}
      </View>
      <View className="nx-card">
        <Text className="nx-card__text">
          位置：{report.lat.toFixed(5)}, {report.lng.toFixed(5)}（精度约 {Math.round(report.accuracyM ?? 0)} 米）
        </Text>
        {report.reporterName ? <Text className="nx-card__text">上报人：{report.reporterName}</Text> : null}
        {IS_WEAPP ? (
          <Button
            className="nx-button nx-button--secondary"
            onClick={() => void Taro.openLocation({ latitude: report.lat, longitude: report.lng, scale: 17 })}
          >
            导航到现场
          </Button>
        ) : null}
      </View>

      {error ? <Notice message={error} /> : null}
      <View className="nx-staff-actions">
        {report.state === 'submitted' ? (
          <>
            <Button
              className="nx-button nx-button--primary nx-action--accept"
              disabled={b}
              onClick={() => void act('accept')}
            >
              受理
            </Button>
            {rejecting ? (
              <View className="nx-staff-actions__reasons">
                {REJECT_REASONS.map((r) => (
                  <Button
                    key={r}
                    className="nx-staff-actions__reason"
                    disabled={b}
                    onClick={() => void act('reject', { reason: r })}
                  >
                    {REJECT_REASON_LABELS[r]}
                  </Button>
                ))}
              </View>
            ) : (
              <Button className="nx-button nx-button--danger" disabled={b} onClick={() => setRejecting(true)}>
                不予受理…
              </Button>
            )}
          </>
        ) : null}
        {report.state === 'accepted'
          ? (teams.length > 0 ? teams : [{ id: '', name: report.teamName ?? '默认队伍', streetId: null }]).map((t) => (
              <Button
                key={t.id || 'default'}
                className="nx-button nx-button--primary nx-action--dispatch"
                disabled={b}
                onClick={() => void act('dispatch', t.id ? { teamId: t.id } : {})}
              >
                派单给 {t.name}
              </Button>
            ))
          : null}
        {report.state === 'dispatched' ? (
          <Button
            className="nx-button nx-button--primary nx-action--on-site"
            disabled={b}
            onClick={() => void act('on_site')}
          >
            已到场
          </Button>
        ) : null}
        {report.state === 'on_site' ? (
          <>
            <Text className="nx-card__text">拍一张修复后的照片：</Text>
            <PhotoPicker photos={after} max={1} onChange={setAfter} onError={setError} label="修复照片" />
            <Button
              className="nx-button nx-button--primary nx-action--fix"
              disabled={busy || after.length === 0 || undefined}
              onClick={() => void run(() => fixWithPhoto(id, after[0]!, ''))}
            >
              已修复
            </Button>
          </>
        ) : null}
        {report.state === 'fixed' ? (
          <Button
            className="nx-button nx-button--secondary nx-action--close"
            disabled={b}
            onClick={() => void act('close')}
          >
            办结
          </Button>
        ) : null}
      </View>
      <View className="nx-card">
        <Text className="nx-card__title">处理记录</Text>
        <Timeline updates={report.updates} />
      </View>
      <PrivacyPopup />
    </View>
  );
}
