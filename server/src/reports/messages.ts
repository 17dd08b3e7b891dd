import { eq } from 'drizzle-orm';
import { REJECT_REASON_LABELS, type NotificationKind, type RejectReason } from '@nuanxin/shared/reports/constants';
import type { Db } from '../db/client.js';
import { reportCategories } from '../db/schema/index.js';
import { notifyReporter } from '../notifications/index.js';
import type { ReportForUpdate } from './workflow.js';

const TITLES: Record<NotificationKind, string> = {
  report_accepted: '你的随手拍已受理',
  report_rejected: '你的随手拍未被受理',
  report_fixed: '路面已完成修复',
};

/** Beijing time as WeChat's `time` fields want it. */
function beijing(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** WeChat `thing` fields take at most 20 characters. */
const thing = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 19).join('')}…` : s || '—');

/** Inbox + (if subscribed) WeChat message to the reporter, inside the caller's transaction. */
export async function tellReporter(
  tx: Db,
  report: ReportForUpdate,
  kind: NotificationKind,
  now: Date,
  extra: { reason?: RejectReason; note?: string; points?: number; byCity?: boolean } = {},
): Promise<void> {
  const [category] = await tx
    .select({ name: reportCategories.name })
    .from(reportCategories)
    .where(eq(reportCategories.id, report.categoryId));
  const name = category?.name ?? '随手拍';
  const body =
    kind === 'report_accepted'
      ? `你上报的「${name}」已由街道受理，正在安排处置。${extra.points ? `积分 +${extra.points}。` : ''}`
      : kind === 'report_rejected'
        ? `你上报的「${name}」未被受理：${extra.reason ? REJECT_REASON_LABELS[extra.reason] : ''}${extra.note ? `（${extra.note}）` : ''}`
        : extra.byCity
          ? `你上报的「${name}」已转市民服务热线 12345 处理，现已办结${extra.note ? `：${extra.note}` : ''}。感谢你的随手拍。`
          : `你上报的「${name}」已修复，感谢你的随手拍。如未修好，7 天内可在「我的上报」中重新打开。`;
  await notifyReporter(tx, {
    userId: report.reporterId,
    reportId: report.id,
    kind,
    title: extra.byCity ? '你的随手拍已由 12345 办结' : TITLES[kind],
    body,
    subscribed: report.subscriptions,
    templateData: {
      thing1: { value: thing(name) },
      phrase2: {
        value:
          kind === 'report_accepted'
            ? '已受理'
            : kind === 'report_rejected'
              ? '未受理'
              : extra.byCity
                ? '已办结'
                : '已修复',
      },
      thing3: {
        value: thing(
          kind === 'report_rejected' && extra.reason ? REJECT_REASON_LABELS[extra.reason] : (extra.note ?? ''),
        ),
      },
      time4: { value: beijing(now) },
    },
  });
}
