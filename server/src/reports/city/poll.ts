import { eq, sql } from 'drizzle-orm';
import { CITY_STATUS_LABELS } from '@nuanxin/shared/reports/constants';
import { rowsOf } from '../../db/client.js';
import { cityForwards } from '../../db/schema/index.js';
import { tellReporter } from '../messages.js';
import { applyTransition, lockReport, SYSTEM_ACTOR } from '../workflow.js';
import { CityOpen311Client, type CityRequest } from './client.js';
import { cityConfigured } from './enqueue.js';
import { CITY_ACTOR_ROLE, noteForwarded, type CityContext } from './forward.js';

export interface PollResult {
  /** Tokens the city has now turned into a service_request_id. */
  resolved: number;
  /** Status or notes changes written to a report's timeline. */
  updated: number;
  /** Reports closed because the city closed its request. */
  closed: number;
  failed: number;
}

interface Due {
  id: string;
  report_id: string;
  state: 'token' | 'forwarded';
  token: string | null;
  service_request_id: string | null;
}

/** Our report states the city's close may end (anything not already finished). */
const CLOSABLE = ['submitted', 'accepted', 'dispatched', 'on_site', 'fixed'];

/**
 * Polls the city back. Due rows are claimed by moving their next poll forward in one statement
 * (`FOR UPDATE SKIP LOCKED`), so two pollers never handle the same row. A token is asked for its
 * service_request_id (tokens/{token}.json); forwarded requests are read in batches
 * (requests.json?service_request_id=a,b,…). A change of status, status_notes or updated_datetime
 * appends a timeline row by the city; `closed` ends the forward and closes our report (rules in
 * the README), all in one transaction under the report's row lock.
 */
export async function pollCity(ctx: CityContext, input: { limit?: number } = {}): Promise<PollResult> {
  const result: PollResult = { resolved: 0, updated: 0, closed: 0, failed: 0 };
  const config = ctx.config.city;
  if (!cityConfigured(config)) return result;
  const now = ctx.now();
  const due = rowsOf<Due>(
    await ctx.db.execute(sql`
      with due as (
        select id from city_forwards
        where state in ('token', 'forwarded') and next_poll_at <= ${now}
        order by next_poll_at limit ${input.limit ?? 100} for update skip locked)
      update city_forwards f
      set next_poll_at = case when f.state = 'token'
        then ${new Date(now.getTime() + Math.min(config.pollIntervalMs, 60_000))}::timestamptz
        else ${new Date(now.getTime() + config.pollIntervalMs)}::timestamptz end
      from due where f.id = due.id
      returning f.id, f.report_id, f.state, f.token, f.service_request_id`),
  );
  const client = new CityOpen311Client(config);

  for (const row of due.filter((r) => r.state === 'token')) {
    try {
      const id = await client.resolveToken(row.token!);
      if (!id) continue;
      await ctx.db.transaction(async (tx) => {
        const [mine] = await tx
          .update(cityForwards)
          .set({ state: 'forwarded', serviceRequestId: id, forwardedAt: ctx.now(), lastError: null })
          .where(sql`${cityForwards.id} = ${row.id} and ${cityForwards.state} = 'token'`)
          .returning({ id: cityForwards.id });
        if (mine) await noteForwarded(tx, row.report_id, `12345 已分配工单号 ${id}`, 'city_update');
      });
      row.state = 'forwarded';
      row.service_request_id = id;
      result.resolved++;
    } catch (err) {
      result.failed++;
      await recordPollError(ctx, row.id, err);
    }
  }

  const forwarded = due.filter((r) => r.state === 'forwarded' && r.service_request_id);
  for (let i = 0; i < forwarded.length; i += 50) {
    const batch = forwarded.slice(i, i + 50);
    let answers: CityRequest[];
    try {
      answers = await client.getRequests(batch.map((r) => r.service_request_id!));
    } catch (err) {
      result.failed += batch.length;
      for (const row of batch) await recordPollError(ctx, row.id, err);
      continue;
    }
    const byId = new Map(answers.map((a) => [a.service_request_id, a]));
    for (const row of batch) {
      const answer = byId.get(row.service_request_id!);
      if (!answer) continue;
      const outcome = await applyCityStatus(ctx, row, answer);
      if (outcome.updated) result.updated++;
      if (outcome.closed) result.closed++;
    }
  }
  return result;
}

async function recordPollError(ctx: CityContext, id: string, err: unknown): Promise<void> {
  await ctx.db
    .update(cityForwards)
    .set({ lastError: `poll: ${(err as Error).message}`.slice(0, 500) })
    .where(eq(cityForwards.id, id));
}

/**
 * One city answer against our copy. Rules: a new status or note → a timeline row by the city
 * (status_notes shown as they are). City `closed` → the forward is closed (no more polling) and
 * our report, if not already finished, is closed with an update by the system (12345 办结); an
 * already closed or rejected report only gets the note.
 */
async function applyCityStatus(
  ctx: CityContext,
  row: Due,
  answer: CityRequest,
): Promise<{ updated: boolean; closed: boolean }> {
  const status = answer.status === 'closed' ? 'closed' : 'open';
  const notes = (answer.status_notes ?? '').trim();
  const updatedAt = answer.updated_datetime ? new Date(answer.updated_datetime) : null;
  const cityUpdatedAt = updatedAt && !Number.isNaN(updatedAt.getTime()) ? updatedAt : null;
  return ctx.db.transaction(async (tx) => {
    const report = await lockReport(tx, row.report_id);
    const [current] = await tx.select().from(cityForwards).where(eq(cityForwards.id, row.id)).for('update');
    if (!current || (current.state !== 'forwarded' && current.state !== 'closed'))
      return { updated: false, closed: false };
    const same =
      current.cityStatus === status &&
      (current.cityStatusNotes ?? '') === notes &&
      (current.cityUpdatedAt?.getTime() ?? null) === (cityUpdatedAt?.getTime() ?? null);
    if (same) return { updated: false, closed: false };
    const now = ctx.now();
    await tx
      .update(cityForwards)
      .set({
        cityStatus: status,
        cityStatusNotes: notes || null,
        cityUpdatedAt,
        lastError: null,
        ...(status === 'closed' ? { state: 'closed', nextPollAt: null } : {}),
      })
      .where(eq(cityForwards.id, row.id));
    const label = `12345 ${CITY_STATUS_LABELS[status]}`;
    let closed = false;
    if (status === 'closed' && CLOSABLE.includes(report.state)) {
      await applyTransition(tx, report, 'city_close', { ...SYSTEM_ACTOR, role: CITY_ACTOR_ROLE }, now, {
        note: notes ? `${label}：${notes}` : label,
      });
      // The rider hears it as for a fix: inbox, and the subscribe message if they allowed it.
      await tellReporter(tx, report, 'report_fixed', now, { byCity: true, ...(notes ? { note: notes } : {}) });
      closed = true;
    } else {
      await noteForwarded(tx, row.report_id, notes ? `${label}：${notes}` : label, 'city_update');
    }
    return { updated: true, closed };
  });
}
