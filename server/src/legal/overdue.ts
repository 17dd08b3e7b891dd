import { sql } from 'drizzle-orm';
import { CASE_DEADLINES, CASE_KIND_LABELS, type CaseDeadline, type CaseKind } from '@nuanxin/shared/legal/constants';
import { rowsOf } from '../db/client.js';
import type { Db } from '../db/client.js';
import { noticeOnce } from '../notifications/index.js';
import type { LegalContext } from './context.js';
import { beijing } from './messages.js';

export type LegalOverdueContext = Pick<LegalContext, 'db' | 'now'>;

export interface LegalOverdueResult {
  /** Case × deadline pairs alerted by this run (each at most once per due time). */
  alerted: number;
  /** Inbox notices written (one per active mediator of the case's district). */
  notices: number;
}

const MISSED: Record<CaseDeadline, { states: string[]; due: string; label: string }> = {
  accept: { states: ['submitted'], due: 'accept_due_at', label: '受理' },
  close: { states: ['accepted', 'mediating'], due: 'close_due_at', label: '办结' },
};

interface Missed {
  id: string;
  kind: string;
  district_id: string;
  due: string | Date;
}

/**
 * 超时督办: every case past its accept or close deadline alerts its district's mediators, once per
 * case, deadline and due time (a reopened case has a new close deadline and may alert again). The
 * `legal_case_alerts` row is claimed with ON CONFLICT DO NOTHING in the notices' transaction, so
 * a rerun or a second runner sends nothing twice. The notice names the kind and the deadline only.
 */
export async function alertOverdueCases(
  ctx: LegalOverdueContext,
  input: { batchSize?: number } = {},
): Promise<LegalOverdueResult> {
  const batchSize = input.batchSize ?? 200;
  const now = ctx.now();
  const result: LegalOverdueResult = { alerted: 0, notices: 0 };
  for (const deadline of CASE_DEADLINES) {
    const { states, due, label } = MISSED[deadline];
    for (;;) {
      const claimed = await ctx.db.transaction(async (t) => {
        const tx = t as unknown as Db;
        const rows = rowsOf<Missed>(
          await tx.execute(sql`
            with missed as (
              select c.id, c.${sql.raw(due)} as due from legal_cases c
               where c.state in (${sql.join(
                 states.map((s) => sql`${s}`),
                 sql`, `,
               )})
                 and c.${sql.raw(due)} < ${now}
                 and not exists (select 1 from legal_case_alerts a
                                  where a.case_id = c.id and a.deadline = ${deadline} and a.due_at = c.${sql.raw(due)})
               order by c.${sql.raw(due)} limit ${batchSize}),
            claimed as (
              insert into legal_case_alerts (case_id, deadline, due_at, alerted_at)
              select id, ${deadline}, due, ${now} from missed
              on conflict do nothing
              returning case_id, due_at)
            select c.id, c.kind, c.district_id, k.due_at as due
              from legal_cases c join claimed k on k.case_id = c.id`),
        );
        for (const r of rows) {
          const mediators = rowsOf<{ id: string }>(
            await tx.execute(sql`
              select distinct u.id from users u join staff_scopes s on s.user_id = u.id
               where u.role = 'mediator' and u.status = 'active' and s.kind = 'district' and s.ref_id = ${r.district_id}`),
          );
          const kind = CASE_KIND_LABELS[r.kind as CaseKind] ?? '法律援助';
          const dueAt = new Date(r.due);
          for (const m of mediators) {
            const fresh = await noticeOnce(tx, {
              userId: m.id,
              kind: 'legal_case_overdue',
              dedupeKey: `legal-overdue:${r.id}:${deadline}:${dueAt.getTime()}`,
              title: `法律援助案件超时未${label}`,
              body: `一件「${kind}」案件已超过${label}时限（${beijing(dueAt)}），请尽快处理。`,
              createdAt: now,
            });
            if (fresh) result.notices++;
          }
        }
        return rows.length;
      });
      result.alerted += claimed;
      if (claimed < batchSize) break;
    }
  }
  return result;
}
