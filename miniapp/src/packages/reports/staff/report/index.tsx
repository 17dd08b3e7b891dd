import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import {
  MERGE_RADIUS_M,
  OVERDUE_LABELS,
  REJECT_REASON_LABELS,
  REJECT_REASONS,
  REPORT_SOURCE_LABELS,
  REPORT_STATE_LABELS,
} from '@nuanxin/shared/reports/constants';
import type { NearbyReport, ReportDetail, Team } from '@nuanxin/shared/reports/schemas';
import { PageShell } from '../../../../components/PageShell';
import { useAction } from '../../../../components/useAction';
import { PhotoPicker } from '../../../../components/PhotoPicker';
import { PrivacyPopup } from '../../../../components/PrivacyPopup';
import { PlaceLabel } from '../../../../components/PlaceLabel';
import { Timeline } from '../../components/Timeline';
import { ReportPlaceMap } from '../../components/ReportPlaceMap';
import { CityForwardCard } from '../../components/CityForwardCard';
import { NavButton } from '../../../../components/NavButton';
import { formatTime } from '../../../../utils/format';
import { fixWithPhoto, mediaUrl, reportsApi, type LocalPhoto } from '../../../../services/reports';
import { formatDistance } from '../../../../utils/stations';
import '../../styles/report.css';
import '../../styles/staff.css';
import { ROUTES, staffReportUrl } from '../../../../routes';
import { useSession } from '../../../../services/session';

const FIX_PHOTO_HINT = '请先拍摄或选择修复后的照片，再点“已修复”';

/**
 * One report for the street operator (photos, place, history and the next step's actions), and for
 * a crew member of the team it was dispatched to: the same page with only 到场 and 已修复.
 */
export default function StaffReportPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const { user } = useSession();
  const isCrew = user?.role === 'crew_member';
  /** The team whose member is being chosen for the dispatch (派单给队员). */
  const [dispatchTeam, setDispatchTeam] = useState<Team | null>(null);
  const [report, setReport] = useState<ReportDetail | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [teamsLoaded, setTeamsLoaded] = useState(false);
  const [after, setAfter] = useState<LocalPhoto[]>([]);
  const [rejecting, setRejecting] = useState(false);
  /** Merge candidates once asked for (null: not asked). */
  const [candidates, setCandidates] = useState<NearbyReport[] | null>(null);
  // The photo upload throws Errors with Chinese messages of its own, so any Error's message is shown.
  const task = useAction({ anyError: true });
  const busy = task.running;

  useEffect(() => {
    void task.run(async () => setReport(await reportsApi.detail(id)));
    if (!isCrew)
      reportsApi.teams().then(
        (r) => {
          setTeams(r.items);
          setTeamsLoaded(true);
        },
        () => setTeamsLoaded(true),
      );
  }, [id, isCrew]);

  async function run(fn: () => Promise<ReportDetail>) {
    await task.run(async () => {
      setReport(await fn());
      setRejecting(false);
      setCandidates(null);
      setAfter([]);
      setDispatchTeam(null);
    });
  }
  const act = (action: string, extra: { reason?: string; teamId?: string; assigneeId?: string } = {}) =>
    run(() => reportsApi.act(id, { action, ...extra }));

  // Taro's H5 <Button disabled> still fires onClick, so the handler checks for the photo itself.
  async function fix() {
    const photo = after[0];
    if (busy) return;
    if (!photo) return task.fail(FIX_PHOTO_HINT);
    await run(() => fixWithPhoto(id, photo, ''));
  }

  async function forwardToCity() {
    if (busy) return;
    const ok = await Taro.showModal({
      title: '转交 12345？',
      content: '这条上报将转交 12345 市民服务热线处理（每条只能转交一次），市里的进度会显示在处理记录中。',
      confirmText: '转交',
      cancelText: '取消',
    });
    if (ok.confirm) await run(() => reportsApi.forwardToCity(id));
  }

  async function findDuplicates() {
    await task.run(async () => setCandidates((await reportsApi.mergeCandidates(id)).items), '加载失败，请重试');
  }

  async function mergeInto(target: NearbyReport) {
    const ok = await Taro.showModal({
      title: '合并为重复上报？',
      content: `本条将以「重复上报」不予受理并通知上报人；相距约 ${formatDistance(target.distanceM)} 的那条「${target.category.name}」记为多 1 人遇到。`,
      confirmText: '合并',
      cancelText: '取消',
    });
    if (ok.confirm) await run(() => reportsApi.merge(id, target.id));
  }

  if (!report) return <PageShell title="工单详情">{task.notice() ?? <Text>加载中…</Text>}</PageShell>;
  const b = busy || undefined;
  // Only the teams the server lets this report go to (its street's, or district-wide ones): a
  // district admin's list has every street's teams. The routed team first.
  const eligible = teams
    .filter((t) => t.streetId === null || t.streetId === report.streetId)
    .sort((x, y) => Number(y.id === report.teamId) - Number(x.id === report.teamId));
  return (
    <PageShell title="工单详情" className="nx-staff-report">
      <Text className="nx-title">
        {report.category.name}
        {report.overdueDeadline ? <Text className="nx-overdue">{OVERDUE_LABELS[report.overdueDeadline]}</Text> : null}
      </Text>
      <Text className={`nx-state nx-state--${report.state}`}>{REPORT_STATE_LABELS[report.state]}</Text>
      {report.source !== 'app' ? <Text className="nx-source">{REPORT_SOURCE_LABELS[report.source]}</Text> : null}
      {report.description ? <Text className="nx-subtitle">{report.description}</Text> : null}
      <View className="nx-report-detail__photos">
        {report.photos.map((p) => (
          <Image key={p.id} className="nx-report-detail__photo" src={mediaUrl(p.thumbUrl)} mode="aspectFill" />
        ))}
      </View>
      {report.mediaUrl ? (
        <Text className="nx-subtitle nx-staff-report__media-url" selectable>
          合作方图片链接：{report.mediaUrl}
        </Text>
      ) : null}
      <View className="nx-card">
        <PlaceLabel
          className="nx-staff-report__place"
          lat={report.lat}
          lng={report.lng}
          known={report.place}
          accuracy={report.accuracyM}
        />
        {report.teamName && report.dispatchedAt ? (
          <Text className="nx-card__text nx-staff-report__team">
            处置：{report.teamName}
            {report.assigneeName ? ` · ${report.assigneeName}` : ''}
          </Text>
        ) : null}
        {report.state === 'dispatched' && report.onSiteDueAt ? (
          <Text className="nx-card__text nx-staff-report__due">到场时限：{formatTime(report.onSiteDueAt)}</Text>
        ) : null}
        {report.state === 'dispatched' || report.state === 'on_site' ? (
          <Text className="nx-card__text">修复时限：{formatTime(report.fixDueAt)}</Text>
        ) : null}
        {report.confirmations > 0 ? (
          <Text className="nx-card__text nx-staff-report__confirmations">另有 {report.confirmations} 人遇到</Text>
        ) : null}
        {report.reporterName ? (
          <Text className="nx-card__text">
            上报人：
            {report.source === 'app'
              ? report.reporterName
              : `${REPORT_SOURCE_LABELS[report.source]}（${report.reporterName}，不计积分）`}
          </Text>
        ) : null}
        {report.duplicateOfId ? (
          <Text
            className="nx-card__text nx-link nx-merged-into"
            onClick={() => void Taro.redirectTo({ url: staffReportUrl(report.duplicateOfId!) })}
          >
            已合并到另一条上报，查看 ›
          </Text>
        ) : null}
        <NavButton
          place={{ lat: report.lat, lng: report.lng, name: `${report.category.name}（${report.place}）` }}
          label="导航到现场"
          scale={17}
        />
      </View>
      <ReportPlaceMap report={report} />
      {report.cityForward ? <CityForwardCard forward={report.cityForward} /> : null}

      {task.notice()}
      <View className="nx-staff-actions">
        {report.state === 'submitted' && !isCrew ? (
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
            {candidates === null ? (
              <Button
                className="nx-button nx-button--secondary nx-action--merge"
                disabled={b}
                onClick={() => void findDuplicates()}
              >
                合并重复上报…
              </Button>
            ) : (
              <View className="nx-card nx-merge">
                <Text className="nx-card__title">合并到附近的同类上报</Text>
                {candidates.length === 0 ? (
                  <Text className="nx-card__text nx-merge__empty">
                    附近 {formatDistance(MERGE_RADIUS_M)}内没有同类未办结的上报
                  </Text>
                ) : (
                  <Text className="nx-card__text">点一条，确认后合并（由近到远）</Text>
                )}
                {candidates.map((c) => (
                  <View key={c.id} className="nx-merge__item" onClick={busy ? undefined : () => void mergeInto(c)}>
                    {c.thumbUrl ? (
                      <Image className="nx-merge__thumb" src={mediaUrl(c.thumbUrl)} mode="aspectFill" />
                    ) : null}
                    <View className="nx-merge__body">
                      <Text className="nx-merge__distance">相距 {formatDistance(c.distanceM)}</Text>
                      <Text className="nx-card__text">
                        {c.category.name} · {REPORT_STATE_LABELS[c.state]} · {formatTime(c.createdAt)}
                      </Text>
                      {c.description ? <Text className="nx-card__text">{c.description}</Text> : null}
                      {c.confirmations > 0 ? (
                        <Text className="nx-card__text">另有 {c.confirmations} 人遇到</Text>
                      ) : null}
                    </View>
                  </View>
                ))}
                <Button className="nx-button nx-button--secondary" onClick={() => setCandidates(null)}>
                  收起
                </Button>
              </View>
            )}
          </>
        ) : null}
        {report.state === 'accepted' && !isCrew && dispatchTeam ? (
          <View className="nx-card nx-dispatch">
            <Text className="nx-card__title">派单给 {dispatchTeam.name} 的队员</Text>
            <Text className="nx-card__text">只提醒被指定的队员；全队都能在任务中看到这条工单</Text>
            <View className="nx-dispatch__members">
              {dispatchTeam.members.map((m) => (
                <Button
                  key={m.id}
                  className="nx-button nx-button--primary nx-action--dispatch-member"
                  disabled={b}
                  onClick={() => void act('dispatch', { teamId: dispatchTeam.id, assigneeId: m.id })}
                >
                  派给 {m.name}
                </Button>
              ))}
            </View>
            <Button className="nx-button nx-button--secondary" onClick={() => setDispatchTeam(null)}>
              取消
            </Button>
          </View>
        ) : null}
        {report.state === 'accepted' && !isCrew && !dispatchTeam ? (
          eligible.length === 0 ? (
            <View className="nx-card nx-dispatch nx-dispatch--none">
              <Text className="nx-card__text">
                {teamsLoaded
                  ? report.streetId
                    ? '本街道还没有可派的处置队伍（也没有区级队伍），请先在「队伍与分派」里添加队伍。'
                    : '这条上报不在任何街道内，只能派给区级队伍；本区还没有区级队伍，请先在「队伍与分派」里添加。'
                  : '正在加载可派的队伍…'}
              </Text>
              {teamsLoaded ? (
                <Button
                  className="nx-button nx-button--secondary"
                  onClick={() => void Taro.navigateTo({ url: ROUTES.staffRouting })}
                >
                  队伍与分派
                </Button>
              ) : null}
            </View>
          ) : (
            <>
              {eligible.length > 1 ? <Text className="nx-card__text">选择处置队伍：</Text> : null}
              {eligible.map((t) => (
                <View key={t.id} className="nx-dispatch__team">
                  <Button
                    className="nx-button nx-button--primary nx-action--dispatch"
                    disabled={b}
                    onClick={() => void act('dispatch', { teamId: t.id })}
                  >
                    派单给 {t.name}
                    {t.id === report.teamId && eligible.length > 1 ? '（按类别默认）' : ''}
                  </Button>
                  {t.members.length > 0 ? (
                    <Button
                      className="nx-button nx-button--secondary nx-action--choose-member"
                      disabled={b}
                      onClick={() => setDispatchTeam(t)}
                    >
                      指定 {t.name} 的队员…
                    </Button>
                  ) : null}
                </View>
              ))}
            </>
          )
        ) : null}
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
            <PhotoPicker photos={after} max={1} onChange={setAfter} onError={task.fail} label="修复照片" />
            {after.length === 0 && task.error !== FIX_PHOTO_HINT ? (
              <Text className="nx-card__text nx-fix__hint">{FIX_PHOTO_HINT}</Text>
            ) : null}
            <Button
              className="nx-button nx-button--primary nx-action--fix"
              disabled={busy || after.length === 0 || undefined}
              onClick={() => void fix()}
            >
              已修复
            </Button>
          </>
        ) : null}
        {report.canForwardToCity && !isCrew ? (
          <Button
            className="nx-button nx-button--secondary nx-action--city-forward"
            disabled={b}
            onClick={() => void forwardToCity()}
          >
            转交 12345
          </Button>
        ) : null}
        {report.state === 'fixed' && !isCrew ? (
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
    </PageShell>
  );
}
