import { eq } from 'drizzle-orm';
import type { GrantRule } from '@nuanxin/shared/points/constants';
import type { GrantBody, GrantResult } from '@nuanxin/shared/points/schemas';
import type { Db } from '../db/client.js';
import { streets, users } from '../db/schema/index.js';
import { inScope, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import type { PointsContext } from './context.js';
import { derivedId } from './ids.js';
import { assertAmount, available, createTransfer, lockRiderAccount, SYSTEM_ACCOUNTS } from './ledger.js';
import { addDays } from './periods.js';
import { loadRule, roomUnderCaps } from './rules.js';

/**
 * A district admin or street operator grants points for volunteer work (送餐助老, 志愿服务) done
 * in a street of its scope, with a note saying what for. Idempotent per granter and key.
 */
export async function grantPoints(ctx: Acting<PointsContext>, input: GrantBody): Promise<GrantResult> {
  const { actor: granter } = ctx;
  assertAmount(input.amount);
  const note = input.note.trim();
  if (!note) throw badRequest('VALIDATION_FAILED', '请填写发放原因', 'note');
  const street = await ctx.db.query.streets.findFirst({ where: eq(streets.id, input.streetId) });
  if (!street) throw notFound('NOT_FOUND', '街道不存在');
  if (!inScope(granter, { streetId: street.id, districtId: street.districtId })) throw forbidden('OUT_OF_SCOPE');
  const now = ctx.now();
  return ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [rider] = await tx.select({ id: users.id, role: users.role }).from(users).where(eq(users.id, input.riderId));
    if (!rider || rider.role !== 'rider') throw notFound('NOT_FOUND', '骑手不存在');
    const rule = await loadRule(tx, input.rule as GrantRule, street.districtId);
    if (input.amount > rule.points) throw badRequest('AMOUNT_INVALID', `单次最多发放 ${rule.points} 分`, 'amount');
    const account = await lockRiderAccount(tx, rider.id);
    // Read after the account lock: a deletion that held it (forfeiting the balance) has committed
    // by now and is seen; points granted to a deleted account would be points nobody can spend.
    const [status] = await tx.select({ status: users.status }).from(users).where(eq(users.id, rider.id));
    if (status?.status === 'deleted') throw conflict('ACCOUNT_DELETED', '该骑手已注销账号，不能发放积分');
    const id = derivedId('grant', granter.userId, input.idempotencyKey);
    const [repeat] = await tx.query.pointTransfers.findMany({
      where: (x, { eq: equals }) => equals(x.id, id),
      limit: 1,
    });
    if (!repeat && (await roomUnderCaps(tx, account.id, rule, now)) < input.amount)
      throw conflict('POINTS_CAP_REACHED');
    const { transfer, created } = await createTransfer(tx, {
      id,
      debitAccountId: SYSTEM_ACCOUNTS.issuance,
      creditAccountId: account.id,
      amount: input.amount,
      kind: 'single',
      reason: 'staff_grant',
      sourceType: 'grant',
      sourceId: street.id,
      ruleCode: rule.code,
      note,
      expiresAt: addDays(now, ctx.config.expiryDays),
      createdBy: granter.userId,
      createdAt: now,
    });
    const after = created ? { ...account, creditsPosted: account.creditsPosted + transfer.amount } : account;
    // A repeat of the same key changes nothing, so it leaves no second row.
    if (created)
      await recordAudit(tx, {
        actor: granter,
        at: now,
        action: 'points.grant',
        target: { kind: 'point_transfer', id: transfer.id },
        place: { streetId: street.id, districtId: street.districtId },
        before: null,
        after: { riderId: rider.id, amount: transfer.amount, rule: rule.code, note },
      });
    return { transferId: transfer.id, amount: transfer.amount, created, riderAvailable: available(after) };
  });
}
