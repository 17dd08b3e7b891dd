import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { MAX_ATTACHMENTS } from '@nuanxin/shared/legal/constants';
import type { CaseDetail } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { legalCaseAttachments, legalCases } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import { photoKey, processPhoto, type StagedFile } from '../media/index.js';
import type { LegalContext } from './context.js';
import { auditStep, tellRider } from './messages.js';
import { applyStep, assertReadable, caseNotFound, handles, loadDetail, lockCase, owns } from './workflow.js';

/**
 * Photos and screenshots added to an open case: the rider's evidence, or the centre's documents
 * (an agreement, a notice). Checked and stripped of metadata by the reports job's photo pipeline
 * (`processPhoto`: content sniffing, pixel cap, EXIF/GPS removed); files staged before the
 * transaction, committed after it, discarded if it fails — no row without its file, no orphan.
 */
export async function attachToCase(
  ctx: Acting<LegalContext>,
  input: { id: string; photos: Buffer[] },
): Promise<CaseDetail> {
  if (input.photos.length === 0) throw badRequest('PHOTO_REQUIRED', '请选择要上传的照片或截图', 'photos');
  // Who may add: checked before the (costly) photo work, and again under the lock below.
  const [first] = await ctx.db.select().from(legalCases).where(eq(legalCases.id, input.id));
  if (!first) throw caseNotFound();
  assertReadable(ctx.actor, first);

  const processed = [];
  for (const data of input.photos) processed.push(await processPhoto(data, { maxPixels: ctx.config.photoMaxPixels }));
  const month = ctx.now().toISOString().slice(0, 7);
  const rows = processed.map((p) => {
    const id = randomUUID();
    return { id, storageKey: `legal/${month}/${id}`, p };
  });
  const files: StagedFile[] = rows.flatMap((r) => [
    { key: photoKey(r.storageKey, 'display'), data: r.p.display },
    ...(r.p.thumb ? [{ key: photoKey(r.storageKey, 'thumb'), data: r.p.thumb }] : []),
  ]);
  const staged = await ctx.storage.stage(files);
  try {
    const now = ctx.now();
    await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const c = await lockCase(tx, input.id);
      assertReadable(ctx.actor, c);
      const kind = handles(ctx.actor, c) ? 'document' : 'evidence';
      const [have] = await tx
        .select({ n: count() })
        .from(legalCaseAttachments)
        .where(eq(legalCaseAttachments.caseId, c.id));
      if ((have?.n ?? 0) + rows.length > MAX_ATTACHMENTS) throw badRequest('TOO_MANY_ATTACHMENTS', undefined, 'photos');
      const updateId = await applyStep(tx, c, 'attachment', ctx.actor, now, {
        note: `${rows.length} 张${kind === 'document' ? '材料' : '证据照片'}`,
      });
      await tx.insert(legalCaseAttachments).values(
        rows.map((r) => ({
          id: r.id,
          caseId: c.id,
          uploadedBy: ctx.actor.userId,
          kind,
          storageKey: r.storageKey,
          width: r.p.width,
          height: r.p.height,
          bytes: r.p.bytes,
          createdAt: now,
        })),
      );
      if (kind === 'document') {
        await auditStep(tx, ctx.actor, c, 'attach', now, { state: c.state }, { state: c.state, files: rows.length });
        await tellRider(tx, c, updateId, { step: 'document' }, now);
      } else if (!owns(ctx.actor, c)) {
        throw caseNotFound();
      }
    });
  } catch (err) {
    await staged.discard();
    throw err;
  }
  await staged.commit();
  return loadDetail(ctx, input.id);
}
