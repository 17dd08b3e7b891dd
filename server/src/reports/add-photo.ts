import { randomUUID } from 'node:crypto';
import { MAX_PHOTOS } from '@nuanxin/shared/reports/constants';
import type { SubmitResult } from '@nuanxin/shared/reports/schemas';
import { and, eq, isNull } from 'drizzle-orm';
import type { Acting } from '../auth/index.js';
import { reportPhotos } from '../db/schema/index.js';
import { AppError, badRequest, notFound } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { photoFiles, processPhoto } from '../media/index.js';
import { loadDetail, lockReport } from './workflow.js';

/**
 * One more "before" photo of the rider's own report, at `position` (1 … MAX_PHOTOS − 1; position 0
 * came with the submission). WeChat's uploadFile carries one file per request: the mini-program
 * submits the report with its first photo and sends the others here, one each. Idempotent by
 * position: a resend (the outbox retries) of a position already stored answers the report as it
 * is (`replayed`), so a retry after a lost answer never doubles a photo. Only while the report
 * waits for the street (`submitted`): once staff act on it, what they judged stays as it was.
 */
export async function addReportPhoto(
  ctx: Acting<ReportsContext>,
  input: { id: string; position: string | undefined; photos: Buffer[] },
): Promise<SubmitResult> {
  const position = Number(input.position);
  if (!/^\d+$/.test(input.position ?? '') || position < 1 || position >= MAX_PHOTOS) {
    throw badRequest('VALIDATION_FAILED', `照片序号只能是 1 到 ${MAX_PHOTOS - 1}`, 'position');
  }
  if (input.photos.length === 0) throw badRequest('PHOTO_REQUIRED', undefined, 'photo');
  if (input.photos.length > 1) throw badRequest('TOO_MANY_PHOTOS', '每次只能补充一张照片', 'photo');
  const photo = await processPhoto(input.photos[0]!, { maxPixels: ctx.config.photoMaxPixels }, 'photo');
  const now = ctx.now();
  const photoId = randomUUID();
  const storageKey = `reports/${now.toISOString().slice(0, 7)}/${photoId}`;
  const staged = await ctx.storage.stage(photoFiles(storageKey, photo));
  let added = false;
  try {
    await ctx.db.transaction(async (tx) => {
      // The row lock orders two resends of the same position: the second sees the first's photo.
      const report = await lockReport(tx, input.id);
      if (report.reporterId !== ctx.actor.userId) throw notFound();
      const [existing] = await tx
        .select({ id: reportPhotos.id })
        .from(reportPhotos)
        .where(
          and(eq(reportPhotos.reportId, report.id), isNull(reportPhotos.updateId), eq(reportPhotos.position, position)),
        );
      if (existing) return;
      if (report.state !== 'submitted') throw new AppError(409, 'REPORT_PHOTOS_CLOSED', undefined, 'photo');
      await tx.insert(reportPhotos).values({
        id: photoId,
        reportId: report.id,
        position,
        storageKey,
        width: photo.width,
        height: photo.height,
        bytes: photo.bytes,
      });
      added = true;
    });
  } catch (err) {
    await staged.discard();
    throw err;
  }
  if (added) await staged.commit();
  else await staged.discard();
  return { replayed: !added, report: await loadDetail(ctx, input.id) };
}
