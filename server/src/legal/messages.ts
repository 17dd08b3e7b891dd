import {
  CASE_KIND_LABELS,
  CASE_OUTCOME_LABELS,
  type CaseKind,
  type CaseOutcome,
} from '@nuanxin/shared/legal/constants';
import type { Principal } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import type { Db } from '../db/client.js';
import { noticeOnce, wechatThing, wechatTime, type SubscribeMessage } from '../notifications/index.js';
import type { CaseRow } from './workflow.js';

/** Beijing time, as a rider reads it. */
export function beijing(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export type RiderNews =
  | { step: 'submit' }
  | { step: 'accept' }
  | { step: 'refer'; referredTo: string }
  | { step: 'assign'; mediatorName: string }
  | { step: 'appointment'; at: Date; place: string }
  | { step: 'document' }
  | { step: 'close'; outcome: CaseOutcome }
  | { step: 'reopen' };

/**
 * The rider hears of every step in the inbox, in the step's transaction. Never a word of what the
 * rider wrote: the notice names the kind of case and the step only (inboxes are shown on shared
 * phones, and notices travel through WeChat).
 */
export async function tellRider(tx: Db, c: CaseRow, updateId: string, news: RiderNews, now: Date): Promise<void> {
  const kind = CASE_KIND_LABELS[c.kind as CaseKind] ?? '法律援助';
  const [title, body] = ((): [string, string] => {
    switch (news.step) {
      case 'submit':
        return ['法律援助：已提交', `你的「${kind}」求助已送达调解中心，将在 2 个工作日内受理。`];
      case 'accept':
        return ['法律援助：已受理', `调解中心已受理你的「${kind}」求助，将安排调解员与你联系。`];
      case 'refer':
        return ['法律援助：已转介', `你的「${kind}」求助已转介至「${news.referredTo}」，详见案件进展。`];
      case 'assign':
        return ['法律援助：已指派调解员', `${news.mediatorName} 负责调处你的「${kind}」求助。`];
      case 'appointment':
        return ['法律援助：面谈预约', `你的「${kind}」求助约在 ${beijing(news.at)}，地点：${news.place}。`];
      case 'document':
        return ['法律援助：调解中心上传了材料', `你的「${kind}」求助有新的材料，可在案件详情中查看。`];
      case 'close':
        return [
          '法律援助：已办结',
          `你的「${kind}」求助已办结（${CASE_OUTCOME_LABELS[news.outcome]}）。欢迎评价；15 天内如有需要可重新申请调处。`,
        ];
      case 'reopen':
        return ['法律援助：已重新调处', `你的「${kind}」求助已重新进入调处。`];
    }
  })();
  await noticeOnce(
    tx,
    { userId: c.riderId, kind: 'legal_case', dedupeKey: `legal:${updateId}`, title, body, createdAt: now },
    subscribeMessage(c, kind, news, now),
  );
}

/** The case's page in the mini-program's legal subpackage (miniapp/src/routes.ts, legalCase). */
export const casePage = (id: string) => `packages/legal/case/index?id=${id}`;

/**
 * The WeChat subscribe message of a step, when the rider agreed to its kind when opening the case
 * (legal_cases.subscriptions): 受理/转介 → legal_intake, an appointment → legal_appointment, the
 * close → legal_closed. The kind of case and the step only — no case text.
 */
function subscribeMessage(c: CaseRow, kindLabel: string, news: RiderNews, now: Date): SubscribeMessage | null {
  const message = ((): SubscribeMessage | null => {
    const page = casePage(c.id);
    switch (news.step) {
      case 'accept':
      case 'refer':
        return {
          kind: 'legal_intake',
          page,
          data: {
            thing1: { value: wechatThing(kindLabel) },
            phrase2: { value: news.step === 'accept' ? '已受理' : '已转介' },
            thing3: { value: wechatThing(news.step === 'accept' ? '将安排调解员与你联系' : news.referredTo) },
            time4: { value: wechatTime(now) },
          },
        };
      case 'appointment':
        return {
          kind: 'legal_appointment',
          page,
          data: {
            thing1: { value: wechatThing(kindLabel) },
            time2: { value: wechatTime(news.at) },
            thing3: { value: wechatThing(news.place) },
          },
        };
      case 'close':
        return {
          kind: 'legal_closed',
          page,
          data: {
            thing1: { value: wechatThing(kindLabel) },
            phrase2: { value: CASE_OUTCOME_LABELS[news.outcome].slice(0, 5) },
            time3: { value: wechatTime(now) },
            thing4: { value: '欢迎评价，15 天内可重新申请' },
          },
        };
      default:
        return null;
    }
  })();
  return message && (c.subscriptions ?? []).includes(message.kind) ? message : null;
}

/** A mediator's write, audited with states and ids only: no case text in the audit log either. */
export async function auditStep(
  tx: Db,
  actor: Principal,
  c: CaseRow,
  action: string,
  now: Date,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    actor,
    at: now,
    action: `legal_case.${action}`,
    target: { kind: 'legal_case', id: c.id },
    place: { districtId: c.districtId },
    before,
    after,
  });
}
