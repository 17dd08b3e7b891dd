import { sql } from 'drizzle-orm';
import { REPORT_DEADLINES, type ReportDeadline } from '@nuanxin/shared/reports/constants';
import { rowsOf } from '../db/client.js';
import type { ReportsContext } from './context.js';
import { tellOverdue } from './crew-messages.js';

/** The pass needs only the database and the clock. */
export type OverdueContext = Pick<ReportsContext, 'db' | 'now'>;

export interface OverdueResult {
  /** Report × deadline pairs alerted by this run (each at most once ever). */
  alerted: number;
  /** Inbox notices written (one per operator of the report's street). */
  notices: number;
}

/** Which reports have missed which deadline: the state it is still in, and the due column. */
const MISSED: Record<ReportDeadline, { states: string[]; due: string }> = {
  accept: { states: ['submitted'], due: 'accept_due_at' },
  on_site: { states: ['dispatched'], due: 'on_site_due_at' },
  fix: { states: ['accepted', 'dispatched', 'on_site'], due: 'fix_due_at' },
};

interface Missed {
  id: string;
  category_id: string;
  lat: number;
  lng: number;
  street_id: string | null;
  district_id: string;
  due: Date | string;
}

/**
 * 超时督办: every open report past its accept, on-site or fix deadline that has not been alerted
 * for that deadline yet alerts its street's operators, once per report and deadline. The
 * `report_alerts` row (primary key report × deadline) is claimed with ON CONFLICT DO NOTHING in
 * the same transaction as the notices, so a second pass — or a second runner at the same time —
 * sends nothing; the notices' dedupe key guards once more per operator.
 */
export async function alertOverdueReports(
  ctx: OverdueContext,
  input: { batchSize?: number; maxBatches?: number } = {},
): Promise<OverdueResult> {
  const batchSize = input.batchSize ?? 200;
  const maxBatches = input.maxBatches ?? 100;
  const now = ctx.now();
  const result: OverdueResult = { alerted: 0, notices: 0 };
  for (const deadline of REPORT_DEADLINES) {
    const { states, due } = MISSED[deadline];
    for (let batch = 0; batch < maxBatches; batch++) {
      const claimed = await ctx.db.transaction(async (tx) => {
        const rows = rowsOf<Missed>(
          await tx.execute(sql`
            with missed as (
              select r.id from reports r
              where r.state in (${sql.join(
                states.map((s) => sql`${s}`),
                sql`, `,
              )})
                and r.${sql.raw(due)} < ${now}
                and not exists (select 1 from report_alerts a where a.report_id = r.id and a.deadline = ${deadline})
              order by r.${sql.raw(due)} limit ${batchSize}),
            claimed as (
              insert into report_alerts (report_id, deadline, alerted_at)
              select id, ${deadline}, ${now} from missed
              on conflict do nothing
              returning report_id)
            select r.id, r.category_id, r.lat, r.lng, r.street_id, r.district_id, r.${sql.raw(due)} as due
            from reports r join claimed c on c.report_id = r.id`),
        );
        for (const r of rows) {
          result.notices += await tellOverdue(
            tx,
            {
              id: r.id,
              categoryId: r.category_id,
              lat: Number(r.lat),
              lng: Number(r.lng),
              streetId: r.street_id,
              districtId: r.district_id,
            },
            deadline,
            new Date(r.due),
          );
        }
        return rows.length;
      });
      result.alerted += claimed;
      if (claimed < batchSize) break;
    }
  }
  return result;
}
