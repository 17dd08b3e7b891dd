import { sql } from 'drizzle-orm';
import type { Roster, RosterRow } from '@nuanxin/shared/activities/schemas';
import { SIGNUP_STATUS_LABELS, type SignupStatus } from '@nuanxin/shared/activities/constants';
import { rowsOf } from '../db/client.js';
import type { Acting } from '../auth/index.js';
import { csvCell } from '../platform/csv.js';
import type { ActivitiesContext } from './context.js';
import { managedActivity } from './scope.js';
import { iso, publicView } from './views.js';

interface Row {
  rider_id: string;
  name: string;
  phone_last4: string | null;
  status: SignupStatus;
  seq: number | string;
  created_at: Date | string;
  attended: number[] | string | null;
}

const maskedPhone = (last4: string | null) => (last4 ? `尾号${last4}` : '');

/**
 * 名单: everyone signed up (confirmed, then the waiting list in order, then the cancelled), the
 * sessions each attended and the no-shows (sessions over, seat held, no check-in). Phones masked.
 */
export async function roster(ctx: Acting<ActivitiesContext>, input: { id: string }): Promise<Roster> {
  const now = ctx.now();
  const activity = await managedActivity(ctx.db, ctx.actor, input.id);
  const rows = rowsOf<Row>(
    await ctx.db.execute(sql`
      select s.rider_id, u.display_name as name, u.phone_last4, s.status, s.seq, s.created_at,
             (select json_agg(ss.seq) from activity_attendances t
                join activity_sessions ss on ss.id = t.session_id
               where t.activity_id = s.activity_id and t.rider_id = s.rider_id) as attended
      from activity_signups s join users u on u.id = s.rider_id
      where s.activity_id = ${input.id}::uuid
      order by case s.status when 'confirmed' then 0 when 'waiting' then 1 else 2 end, s.seq`),
  );
  const over = activity.sessions.filter((s) => new Date(s.endsAt).getTime() <= now.getTime()).map((s) => s.seq);
  let waitingPlace = 0;
  const out: RosterRow[] = rows.map((r) => {
    const attendedRaw = typeof r.attended === 'string' ? (JSON.parse(r.attended) as number[]) : (r.attended ?? []);
    const attended = attendedRaw.map(Number).sort((a, b) => a - b);
    return {
      riderId: r.rider_id,
      name: r.name,
      phoneMasked: maskedPhone(r.phone_last4),
      status: r.status,
      position: r.status === 'waiting' ? ++waitingPlace : null,
      signedUpAt: iso(r.created_at),
      attended,
      noShows: r.status === 'confirmed' ? over.filter((seq) => !attended.includes(seq)).length : 0,
    };
  });
  const checkins = activity.sessions.map((s) => ({
    sessionSeq: s.seq,
    count: out.filter((r) => r.attended.includes(s.seq)).length,
  }));
  return { activity: publicView(activity), rows: out, checkins };
}

/** The roster as CSV (UTF-8 with BOM for Excel), every cell formula-guarded. */
export async function rosterCsv(ctx: Acting<ActivitiesContext>, input: { id: string }): Promise<string> {
  const r = await roster(ctx, input);
  const seqs = r.activity.sessions.map((s) => s.seq);
  const header = [
    '姓名',
    '手机',
    '状态',
    '候补位置',
    '报名时间',
    ...seqs.map((n) => `第${n}场`),
    '出勤场次',
    '缺席场次',
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of r.rows) {
    lines.push(
      [
        row.name,
        row.phoneMasked,
        SIGNUP_STATUS_LABELS[row.status],
        row.position ?? '',
        row.signedUpAt,
        ...seqs.map((n) => (row.attended.includes(n) ? '已签到' : '')),
        row.attended.length,
        row.noShows,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
