import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { reportPhotos, reports } from '../db/schema/index.js';
import { rowsOf } from '../db/client.js';
import { photoKey } from '../media/index.js';
import type { PrivacyContext } from './context.js';

const DAY_MS = 86_400_000;
/** Three decimals of a degree: about 110 m north–south, 95 m east–west at Shanghai's latitude. */
const COARSE = 3;

export interface RetentionResult {
  photosPurged: number;
  reportsCoarsened: number;
  eventsCoarsened: number;
}

/**
 * The retention pass (job `privacy-retention`, `pnpm jobs privacy-retention`):
 *  - photos of finished reports (closed or rejected: an open case still needs its evidence)
 *    uploaded more than REPORT_PHOTO_RETENTION_DAYS ago: the files (display and thumbnail) are
 *    deleted from storage, then the row is marked `purged_at` (files first: a crash in between
 *    leaves a row the next pass deletes again — never a file nobody will delete);
 *  - coordinates of reports and access events older than PRECISE_LOCATION_RETENTION_DAYS are
 *    rounded to three decimals (~100 m) and the GPS accuracy dropped: enough for the city's
 *    statistics and maps, no longer a person's doorstep. Rounding is idempotent, so a rerun (or a
 *    second runner) changes nothing more; the WHERE picks only rows not yet rounded.
 * Bounded per pass (`batch` photos); reruns continue where a pass stopped.
 */
export async function runRetention(ctx: PrivacyContext, input: { batch?: number } = {}): Promise<RetentionResult> {
  const now = ctx.now().getTime();
  const photoCutoff = new Date(now - ctx.config.reportPhotoRetentionDays * DAY_MS);
  const locationCutoff = new Date(now - ctx.config.preciseLocationRetentionDays * DAY_MS);
  const batch = input.batch ?? 500;

  const due = await ctx.db
    .select({ id: reportPhotos.id, key: reportPhotos.storageKey })
    .from(reportPhotos)
    .innerJoin(reports, eq(reports.id, reportPhotos.reportId))
    .where(
      and(
        isNull(reportPhotos.purgedAt),
        lt(reportPhotos.createdAt, photoCutoff),
        inArray(reports.state, ['closed', 'rejected']),
      ),
    )
    .limit(batch);
  let photosPurged = 0;
  for (const photo of due) {
    await ctx.storage.remove(photoKey(photo.key, 'display'));
    await ctx.storage.remove(photoKey(photo.key, 'thumb'));
    const marked = await ctx.db
      .update(reportPhotos)
      .set({ purgedAt: new Date(now) })
      .where(and(eq(reportPhotos.id, photo.id), isNull(reportPhotos.purgedAt)))
      .returning({ id: reportPhotos.id });
    photosPurged += marked.length;
  }

  const cutoff = locationCutoff.toISOString();
  const coarsened = await ctx.db.execute(sql`
    update reports
       set lat = round(lat::numeric, ${COARSE})::float8, lng = round(lng::numeric, ${COARSE})::float8, accuracy_m = null
     where created_at < ${cutoff}
       and (lat <> round(lat::numeric, ${COARSE})::float8 or lng <> round(lng::numeric, ${COARSE})::float8
            or accuracy_m is not null)
    returning id`);
  const events = await ctx.db.execute(sql`
    update access_events
       set lat = round(lat::numeric, ${COARSE})::float8, lng = round(lng::numeric, ${COARSE})::float8
     where created_at < ${cutoff} and lat is not null
       and (lat <> round(lat::numeric, ${COARSE})::float8 or lng <> round(lng::numeric, ${COARSE})::float8)
    returning id`);
  return {
    photosPurged,
    reportsCoarsened: rowsOf(coarsened).length,
    eventsCoarsened: rowsOf(events).length,
  };
}
