import { randomUUID } from 'node:crypto';
import type { ReportDetail } from '@nuanxin/shared/reports/schemas';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { reportPhotos } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { tellReporter } from './messages.js';
import { photoFiles, processPhoto } from '../media/index.js';
import { applyTransition, assertCrewOrStaffScope, loadDetail, lockReport } from './workflow.js';

/**
 * 已修复, with the after photo (staged, then committed with the update like a submission). The
 * street's staff, or a crew member of the team the report was dispatched to.
 */
export async function fixReport(
  ctx: Acting<ReportsContext>,
  input: { id: string; note?: string; photos: Buffer[] },
): Promise<ReportDetail> {
  const { id } = input;
  const principal = ctx.actor;
  if (input.photos.length === 0) throw badRequest('FIX_PHOTO_REQUIRED', undefined, 'photo');
  if (input.photos.length > 1) throw badRequest('TOO_MANY_PHOTOS', '修复照片只需一张', 'photo');
  const photo = await processPhoto(input.photos[0]!, { maxPixels: ctx.config.photoMaxPixels }, 'photo');
  const now = ctx.now();
  const photoId = randomUUID();
  const storageKey = `reports/${now.toISOString().slice(0, 7)}/${photoId}`;
  const staged = await ctx.storage.stage(photoFiles(storageKey, photo));
  try {
    await ctx.db.transaction(async (tx) => {
      const report = await lockReport(tx, id);
      assertCrewOrStaffScope(principal, report);
      const before = { state: report.state };
      const updateId = await applyTransition(tx, report, 'fix', principal, now, { note: input.note ?? '' });
      await tx.insert(reportPhotos).values({
        id: photoId,
        reportId: report.id,
        updateId,
        storageKey,
        width: photo.width,
        height: photo.height,
        bytes: photo.bytes,
      });
      await recordAudit(tx, {
        actor: principal,
        at: now,
        action: 'report.fix',
        target: { kind: 'report', id: report.id },
        place: { streetId: report.streetId, districtId: report.districtId },
        before,
        after: { state: report.state, teamId: report.teamId, photoId },
      });
      await tellReporter(tx, report, 'report_fixed', now, input.note ? { note: input.note } : {});
    });
  } catch (err) {
    await staged.discard();
    throw err;
  }
  await staged.commit();
  return loadDetail(ctx, id);
}
