import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { gcj02ToWgs84 } from '@nuanxin/shared/geo/gcj02';
import { CITY_FORWARD_REASON_LABELS } from '@nuanxin/shared/reports/constants';
import { rowsOf, type Db } from '../../db/client.js';
import { cityForwards, reportCategories, reportPhotos, reports, reportUpdates } from '../../db/schema/index.js';
import type { ReportsContext } from '../context.js';
import { CityOpen311Client, CityOpen311Error, type PostOutcome } from './client.js';
import { cityConfigured } from './enqueue.js';

/** What the city passes need: the database, the clock and the config (the city endpoint's). */
export type CityContext = Pick<ReportsContext, 'db' | 'now' | 'config' | 'media'>;

/**
 * How long the photo link sent to the city stays valid: the city's staff may open the request days
 * later. Sent only when OPEN311_PUBLIC_URL says where the city can reach us.
 */
export const CITY_MEDIA_TTL_SECONDS = 7 * 24 * 3600;

/** The actor role of timeline rows that come from the city (its answers and status changes). */
export const CITY_ACTOR_ROLE = 'city';

/** Our report's id in the description we send: how an attempt cut short finds its request again. */
export const reportMarker = (reportId: string) => `暖新随手拍 ${reportId}`;

interface Claimed {
  id: string;
  report_id: string;
  reason: string;
  service_code: string;
  attempts: number;
  was_maybe_sent: boolean;
  first_attempt_at: Date | string;
}

export interface ForwardResult {
  /** Requests the city created (an id, or found by the look-up after an attempt cut short). */
  forwarded: number;
  /** Answered with a token: the id comes later (pollCity). */
  tokens: number;
  retried: number;
  dead: number;
}

/**
 * One pass of the city outbox. A row is claimed with a lease in one committed statement
 * (`FOR UPDATE SKIP LOCKED`, attempts + 1, `maybe_sent = true`) before anything is sent, so two
 * workers never send the same row, and a worker that dies mid-call leaves a row that says it may
 * have been sent. The next attempt at such a row first looks the request up at the city
 * (requests.json by service code and time window, matching our marker in the description) and
 * adopts it instead of posting again. Answers: an id → forwarded; a token → token (polled);
 * 4xx → dead at once (the city refused it); 5xx, timeouts, network errors → retried with doubling
 * backoff until `maxAttempts`, then dead. Each outcome is recorded only if the row is still this
 * attempt's (attempts unchanged).
 */
export async function forwardDue(ctx: CityContext, input: { limit?: number } = {}): Promise<ForwardResult> {
  const result: ForwardResult = { forwarded: 0, tokens: 0, retried: 0, dead: 0 };
  const config = ctx.config.city;
  if (!cityConfigured(config)) return result;
  const now = ctx.now();
  // Longer than one look-up plus one POST can take, so a live attempt never loses its claim.
  const leaseMs = config.timeoutMs * 3 + 60_000;
  const claimed = rowsOf<Claimed>(
    await ctx.db.execute(sql`
      with due as (
        select id, maybe_sent from city_forwards
        where state = 'pending' and next_attempt_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by next_attempt_at limit ${input.limit ?? 20} for update skip locked)
      update city_forwards f
      set locked_until = ${new Date(now.getTime() + leaseMs)}, attempts = f.attempts + 1, maybe_sent = true,
          first_attempt_at = coalesce(f.first_attempt_at, ${now})
      from due where f.id = due.id
      returning f.id, f.report_id, f.reason, f.service_code, f.attempts, due.maybe_sent as was_maybe_sent,
                f.first_attempt_at`),
  );
  const client = new CityOpen311Client(config);
  for (const row of claimed) {
    const attempts = Number(row.attempts);
    try {
      const outcome = await sendOne(ctx, client, row);
      await recordSent(ctx, row, attempts, outcome);
      if (outcome.kind === 'token') result.tokens++;
      else result.forwarded++;
    } catch (err) {
      const e = err instanceof CityOpen311Error ? err : new CityOpen311Error((err as Error).message, null, false, true);
      const dead = !e.retryable || attempts >= config.maxAttempts;
      const delay = Math.min(config.backoffMs * 2 ** (attempts - 1), 3600_000);
      await ctx.db
        .update(cityForwards)
        .set({
          ...(dead ? { state: 'dead' } : { nextAttemptAt: new Date(ctx.now().getTime() + delay) }),
          lockedUntil: null,
          // The city answered: the request was not created. No answer: it may have been.
          maybeSent: !e.answered,
          lastError: e.message.slice(0, 500),
        })
        .where(and(eq(cityForwards.id, row.id), eq(cityForwards.attempts, attempts)));
      if (dead) result.dead++;
      else result.retried++;
    }
  }
  return result;
}

async function sendOne(ctx: CityContext, client: CityOpen311Client, row: Claimed): Promise<PostOutcome> {
  const [report] = await ctx.db
    .select({
      lat: reports.lat,
      lng: reports.lng,
      description: reports.description,
      categoryName: reportCategories.name,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .where(eq(reports.id, row.report_id));
  if (!report) throw new CityOpen311Error('report not found', null, true, false);
  const marker = reportMarker(row.report_id);
  if (row.was_maybe_sent) {
    // The last attempt may have reached the city: find it there before posting again.
    const first = new Date(row.first_attempt_at);
    const found = await client.findRequests({
      serviceCode: row.service_code,
      start: new Date(first.getTime() - 10 * 60_000),
      end: new Date(ctx.now().getTime() + 10 * 60_000),
    });
    const mine = found.find((r) => r.description?.includes(marker));
    if (mine) return { kind: 'id', serviceRequestId: mine.service_request_id };
  }
  const { lat, lng } = gcj02ToWgs84({ lat: report.lat, lng: report.lng });
  const text = report.description.trim();
  const mediaUrl = await cityMediaUrl(ctx, row.report_id);
  return client.postRequest({
    serviceCode: row.service_code,
    lat,
    long: lng,
    description: `【${report.categoryName}】${text ? `${text} ` : ''}（${marker}）`,
    ...(mediaUrl ? { mediaUrl } : {}),
  });
}

/**
 * The rider's first photo of the report as an absolute signed link the city can fetch (a week), when our public
 * address is configured and the photo is still kept (not purged by the retention job).
 */
async function cityMediaUrl(ctx: CityContext, reportId: string): Promise<string | null> {
  const origin = ctx.config.open311PublicUrl;
  if (!origin) return null;
  const [photo] = await ctx.db
    .select({ id: reportPhotos.id })
    .from(reportPhotos)
    .where(and(eq(reportPhotos.reportId, reportId), isNull(reportPhotos.updateId), isNull(reportPhotos.purgedAt)))
    .orderBy(asc(reportPhotos.position))
    .limit(1);
  return photo ? `${origin}${ctx.media.url(photo.id, 'display', ctx.now().getTime(), CITY_MEDIA_TTL_SECONDS)}` : null;
}

async function recordSent(ctx: CityContext, row: Claimed, attempts: number, outcome: PostOutcome): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const [mine] = await tx
      .update(cityForwards)
      .set(
        outcome.kind === 'id'
          ? {
              state: 'forwarded',
              serviceRequestId: outcome.serviceRequestId,
              forwardedAt: now,
              nextPollAt: new Date(now.getTime() + ctx.config.city.pollIntervalMs),
              lockedUntil: null,
              maybeSent: false,
              lastError: null,
            }
          : {
              state: 'token',
              token: outcome.token,
              nextPollAt: now,
              lockedUntil: null,
              maybeSent: false,
              lastError: null,
            },
      )
      .where(and(eq(cityForwards.id, row.id), eq(cityForwards.attempts, attempts)))
      .returning({ id: cityForwards.id });
    if (!mine) return; // the claim was lost (lease expired and another worker took it)
    const label = CITY_FORWARD_REASON_LABELS[row.reason as keyof typeof CITY_FORWARD_REASON_LABELS] ?? row.reason;
    await noteForwarded(
      tx,
      row.report_id,
      outcome.kind === 'id'
        ? `已转交 12345 市民服务热线（${label}），工单号 ${outcome.serviceRequestId}`
        : `已转交 12345 市民服务热线（${label}），等待分配工单号`,
    );
  });
}

/** A timeline row about the city (no state change): by the city, unless a person is named. */
export async function noteForwarded(
  tx: Db,
  reportId: string,
  note: string,
  action = 'city_forward',
  actor: { userId: string | null; role: string } = { userId: null, role: CITY_ACTOR_ROLE },
): Promise<void> {
  await tx.insert(reportUpdates).values({
    reportId,
    actorId: actor.userId,
    actorRole: actor.role,
    action,
    fromState: null,
    toState: null,
    note,
    createdAt: sql`clock_timestamp()`,
  });
}
