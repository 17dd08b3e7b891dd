import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { wgs84ToGcj02 } from '@nuanxin/shared/geo/gcj02';
import { DESCRIPTION_MAX, MAX_PHOTOS, NOTIFICATION_KINDS, type ReportSource } from '@nuanxin/shared/reports/constants';
import type { SubmitResult } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { reportCategories, reportPhotos, reports, reportUpdates } from '../db/schema/index.js';
import { isForeignKeyViolation } from '../db/errors.js';
import { AppError, badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { photoFiles, processPhoto } from '../media/index.js';
import { routeReport } from './routing.js';
import type { StagedFiles } from '../media/index.js';
import { loadDetail } from './workflow.js';
import { queueCityForward } from './city/enqueue.js';

export interface SubmitInput {
  idempotencyKey: string | undefined;
  fields: Record<string, string>;
  photos: Buffer[];
  /** Default app; the Open311 endpoint passes open311 (no points, shown as 来自合作方). */
  source?: ReportSource;
  /** Default true: a rider's report needs a photo; a partner's (Open311) may come without one. */
  photoRequired?: boolean;
  /** A partner's own photo link (stored, never fetched) and answers to the category's attributes. */
  mediaUrl?: string | null;
  attributes?: Record<string, string | string[]>;
}

const IDEMPOTENCY_KEY = /^[\w-]{8,64}$/;

function coordinate(raw: string | undefined, field: 'lat' | 'lng'): number {
  if (raw === undefined || raw.trim() === '') throw badRequest('LOCATION_REQUIRED', undefined, field);
  const value = Number(raw);
  const max = field === 'lat' ? 90 : 180;
  if (!Number.isFinite(value) || Math.abs(value) > max) throw badRequest('COORDINATE_OUT_OF_RANGE', undefined, field);
  return value;
}

/**
 * 随手拍 submit. Order matters for "nothing half-written": validate everything cheap, process the
 * photos, stage the files, then one transaction for report + photos + first update; the files are
 * committed only after it, discarded if it fails. A retry with the same Idempotency-Key returns
 * the first report (also when two retries race: the unique index decides).
 */
export async function submitReport(ctx: Acting<ReportsContext>, input: SubmitInput): Promise<SubmitResult> {
  const principal = ctx.actor;
  const key = input.idempotencyKey;
  if (!key || !IDEMPOTENCY_KEY.test(key)) throw badRequest('IDEMPOTENCY_KEY_REQUIRED', undefined, 'idempotency-key');

  const existing = await findByKey(ctx, principal.userId, key);
  if (existing) return { replayed: true, report: await loadDetail(ctx, existing) };

  const f = input.fields;
  const category = await ctx.db.query.reportCategories.findFirst({
    where: and(eq(reportCategories.code, f.category ?? ''), eq(reportCategories.active, true)),
  });
  if (!category) throw badRequest('CATEGORY_UNKNOWN', undefined, 'category');
  let lat = coordinate(f.lat, 'lat');
  let lng = coordinate(f.lng, 'lng');
  const coordSystem = f.coordSystem ?? 'gcj02';
  if (coordSystem !== 'gcj02' && coordSystem !== 'wgs84')
    throw badRequest('VALIDATION_FAILED', '坐标系只能是 gcj02 或 wgs84', 'coordSystem');
  // Stored in GCJ-02, the system of the street boundaries and of Chinese maps.
  if (coordSystem === 'wgs84') ({ lng, lat } = wgs84ToGcj02({ lng, lat }));
  const accuracy = f.accuracy === undefined || f.accuracy === '' ? null : Number(f.accuracy);
  if (accuracy !== null && (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > 100_000)) {
    throw badRequest('VALIDATION_FAILED', '定位精度不正确', 'accuracy');
  }
  const description = (f.description ?? '').trim();
  if ([...description].length > DESCRIPTION_MAX) throw badRequest('DESCRIPTION_TOO_LONG', undefined, 'description');
  const subscriptions = (f.subscriptions ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is (typeof NOTIFICATION_KINDS)[number] => (NOTIFICATION_KINDS as readonly string[]).includes(s));
  if (input.photos.length === 0 && input.photoRequired !== false)
    throw badRequest('PHOTO_REQUIRED', undefined, 'photos');
  if (input.photos.length > MAX_PHOTOS) throw badRequest('TOO_MANY_PHOTOS', undefined, 'photos');

  const routed = await routeReport(ctx.db, category.id, lng, lat);
  if (!routed) throw new AppError(422, 'OUTSIDE_SERVICE_AREA', undefined, 'lat');

  // One at a time: three decoded 12-MP photos at once would triple the peak memory.
  const processed = [];
  for (const data of input.photos) processed.push(await processPhoto(data, { maxPixels: ctx.config.photoMaxPixels }));

  const now = ctx.now();
  const month = now.toISOString().slice(0, 7);
  const photoRows = processed.map((p, position) => {
    const id = randomUUID();
    return {
      id,
      position,
      storageKey: `reports/${month}/${id}`,
      width: p.width,
      height: p.height,
      bytes: p.bytes,
      p,
    };
  });
  const staged: StagedFiles = await ctx.storage.stage(photoRows.flatMap((r) => photoFiles(r.storageKey, r.p)));

  let reportId: string | null = null;
  try {
    reportId = await ctx.db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(reports)
        .values({
          reporterId: principal.userId,
          idempotencyKey: key,
          categoryId: category.id,
          description,
          lat,
          lng,
          accuracyM: accuracy,
          districtId: routed.districtId,
          streetId: routed.streetId,
          teamId: routed.teamId,
          subscriptions,
          source: input.source ?? 'app',
          attributes: input.attributes ?? {},
          mediaUrl: input.mediaUrl ?? null,
          acceptDueAt: new Date(now.getTime() + category.acceptWithinMinutes * 60_000),
          fixDueAt: new Date(now.getTime() + category.fixWithinHours * 3600_000),
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: [reports.reporterId, reports.idempotencyKey] })
        .returning({ id: reports.id });
      if (!inserted) return null; // a concurrent retry won; nothing written here
      if (photoRows.length > 0)
        await tx.insert(reportPhotos).values(
          photoRows.map((r) => ({
            id: r.id,
            reportId: inserted.id,
            position: r.position,
            storageKey: r.storageKey,
            width: r.width,
            height: r.height,
            bytes: r.bytes,
          })),
        );
      await tx.insert(reportUpdates).values({
        reportId: inserted.id,
        actorId: principal.userId,
        actorRole: principal.role,
        action: 'submit',
        fromState: null,
        toState: 'submitted',
        note: '',
      });
      // 市级类别: the city gets it too, queued with the report (nothing when 12345 is not configured).
      // Only riders' reports: a partner's may come from the city itself, and would go round in a
      // loop; staff can still forward one by hand.
      if (category.cityLevel && (input.source ?? 'app') === 'app') {
        await queueCityForward(tx, ctx.config.city, {
          reportId: inserted.id,
          categoryCode: category.code,
          reason: 'city_category',
          now,
        });
      }
      return inserted.id;
    });
  } catch (err) {
    await staged.discard();
    // An admin deleted the (unused) category between the check above and this insert: the delete
    // held the category's row lock, so the insert's key check saw it gone. Same answer as if the
    // check had seen it first.
    if (isForeignKeyViolation(err, 'reports_category_id_report_categories_id_fk')) {
      throw badRequest('CATEGORY_UNKNOWN', undefined, 'category');
    }
    throw err;
  }
  if (!reportId) {
    await staged.discard();
    const winner = await findByKey(ctx, principal.userId, key);
    return { replayed: true, report: await loadDetail(ctx, winner!) };
  }
  await staged.commit();
  return { replayed: false, report: await loadDetail(ctx, reportId) };
}

async function findByKey(ctx: ReportsContext, reporterId: string, key: string): Promise<string | null> {
  const [row] = await ctx.db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.reporterId, reporterId), eq(reports.idempotencyKey, key)));
  return row?.id ?? null;
}
