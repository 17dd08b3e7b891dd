import { eq } from 'drizzle-orm';
import type { ReverseBody, ReverseResult } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { pointAccounts, pointTransfers, streets } from '../db/schema/index.js';
import { inScope, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { conflict, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { createTransfer, isOverdraft, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';

/**
 * Corrections are reversals, never edits: a staff grant made in error is undone by a new transfer
 * in the opposite direction that names the original. A district admin may reverse grants made in
 * its district; the rider must still have the points (the database refuses an overdraft).
 */
export async function reverseGrant(
  ctx: Acting<PointsContext>,
  input: { id: string } & ReverseBody,
): Promise<ReverseResult> {
  const { actor: admin } = ctx;
  const transferId = input.id;
  const now = ctx.now();
  try {
    return await ctx.db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const [original] = await tx.select().from(pointTransfers).where(eq(pointTransfers.id, transferId));
      if (!original) throw notFound();
      if (original.reason !== 'staff_grant' || original.kind !== 'single') throw conflict('TRANSFER_NOT_REVERSIBLE');
      const street = await tx.query.streets.findFirst({ where: eq(streets.id, original.sourceId) });
      if (!street || !inScope(admin, { streetId: street.id, districtId: street.districtId }))
        throw forbidden('OUT_OF_SCOPE');
      const [account] = await tx.select().from(pointAccounts).where(eq(pointAccounts.id, original.creditAccountId));
      await lockRiderAccount(tx, account!.userId!);
      const id = derivedId('reversal', original.id);
      const [already] = await tx
        .select({ id: pointTransfers.id })
        .from(pointTransfers)
        .where(eq(pointTransfers.reversesId, original.id));
      if (already && already.id !== id) throw conflict('ALREADY_REVERSED');
      const { transfer, created } = await createTransfer(tx, {
        id,
        debitAccountId: original.creditAccountId,
        creditAccountId: SYSTEM_ACCOUNTS.issuance,
        amount: original.amount,
        kind: 'single',
        reason: 'reversal',
        sourceType: 'reversal',
        sourceId: original.id,
        reversesId: original.id,
        note: input.note.trim(),
        createdBy: admin.userId,
        createdAt: now,
      });
      if (created)
        await recordAudit(tx, {
          actor: admin,
          at: now,
          action: 'points.reverse',
          target: { kind: 'point_transfer', id: original.id },
          place: { streetId: street.id, districtId: street.districtId },
          before: { reversed: false, amount: original.amount, riderId: account!.userId },
          after: { reversed: true, reversalId: transfer.id, note: input.note.trim() },
        });
      return { transferId: transfer.id, amount: transfer.amount, created };
    });
  } catch (err) {
    if (isOverdraft(err)) throw conflict('POINTS_INSUFFICIENT', '骑手的可用积分不足以冲正这笔发放');
    throw err;
  }
}
