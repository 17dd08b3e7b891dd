import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DeleteAccountBody, DeleteAccountResult } from '@nuanxin/shared/privacy/schemas';
import { DELETE_CONFIRM_WORD } from '@nuanxin/shared/privacy/constants';
import type { Db } from '../db/client.js';
import {
  accessEvents,
  accessScanLatest,
  accessOfflineKeys,
  loginTickets,
  notificationOutbox,
  notifications,
  passes,
  refreshTokens,
  reportConfirmations,
  reportEvents,
  reports,
  riderProfiles,
  riderSuspensions,
  userConsents,
  users,
  wechatSessions,
} from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { forfeitForDeletion } from '../points/index.js';
import { eraseRiderCases, removeCaseFiles } from '../legal/index.js';
import { eraseRiderActivities } from '../activities/index.js';
import { eraseHousing } from '../housing/index.js';
import { badRequest, conflict } from '../platform/app-error.js';
import { eraseRiderTasks } from '../tasks/index.js';
import { eraseRiderCommunityPhotos, removePhotoFiles } from '../media/index.js';
import { eraseRiderSuggestions } from '../suggestions/index.js';
import { eraseRiderWishes } from '../wishes/index.js';
import type { PrivacyContext } from './context.js';

/** What a deleted account is called wherever its id must remain (ledger, anonymised reports). */
export const DELETED_NAME = '已注销用户';

/**
 * 注销账号 (PIPL art. 47), all of it in ONE transaction — any failure leaves everything as it was:
 *  - vouchers: every open one cancelled; points: the balance forfeited through the ledger
 *    (`account_deleted`, to the expired account), so the rider's balance is 0 and the sums reconcile;
 *  - passes: pending and approved ones revoked at once; the rider profile (name, phone, ID hash)
 *    deleted, so a rider code already on screen is refused at the gate (RIDER_CODE_INVALID) and no
 *    new one is issued; the de-duplication rows go, access events lose their rider link;
 *  - reports: kept for the city, anonymised: the reporter is the tombstone below (no name, phone
 *    or WeChat id), no subscribe messages, "我也遇到" rows removed (the counts stay), and no
 *    points are credited for them later (creditForReport refuses a deleted reporter);
 *  - sessions: refresh tokens, WeChat session, login tickets deleted; access tokens cut off
 *    (`tokens_valid_after`), and the status `deleted` refuses every request at once;
 *  - consents and the inbox deleted.
 * The users row stays as a tombstone because the ledger's account and the anonymised reports must
 * keep pointing somewhere: status `deleted`, display name 已注销用户, openid, unionid, phone
 * digits and demo account cleared — signing in again with the same WeChat makes a new account.
 */
export async function deleteMyAccount(
  ctx: Acting<PrivacyContext>,
  input: DeleteAccountBody,
): Promise<DeleteAccountResult> {
  if (input.confirm.trim() !== DELETE_CONFIRM_WORD) throw badRequest('DELETE_CONFIRM_MISMATCH', undefined, 'confirm');
  const userId = ctx.actor.userId;
  const now = ctx.now();
  const legalFiles: string[] = [];
  const communityFiles: string[] = [];
  const result = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user || user.status === 'deleted') throw conflict('ACCOUNT_DELETED');

    const { pointsForfeited, vouchersCancelled } = await forfeitForDeletion(tx, { userId, now });

    const revoked = await tx
      .update(passes)
      .set({ status: 'revoked', reason: '骑手注销账号', decidedAt: now, decidedBy: null, updatedAt: now })
      .where(and(eq(passes.riderId, userId), inArray(passes.status, ['pending', 'approved'])))
      .returning({ id: passes.id });
    await tx.delete(riderProfiles).where(eq(riderProfiles.userId, userId));
    await eraseHousing(tx, userId, now);
    await tx.delete(riderSuspensions).where(eq(riderSuspensions.riderId, userId));
    await tx.delete(accessScanLatest).where(eq(accessScanLatest.riderId, userId));
    // Every day partition of access_events: the rider's events stay as counts, nobody's.
    await tx.update(accessEvents).set({ riderId: null }).where(eq(accessEvents.riderId, userId));
    await tx.delete(accessOfflineKeys).where(eq(accessOfflineKeys.riderId, userId));

    // 活动: a held seat goes to the waiting list, sign-ups and check-ins are erased.
    await eraseRiderActivities(tx, userId, now);

    const anonymised = await tx
      .update(reports)
      .set({ subscriptions: [] })
      .where(eq(reports.reporterId, userId))
      .returning({ id: reports.id });
    // Accepted-report events not yet handled credit nobody now.
    await tx
      .update(reportEvents)
      .set({ processedAt: now })
      .where(and(eq(reportEvents.riderId, userId), sql`${reportEvents.processedAt} is null`));
    await tx.delete(reportConfirmations).where(eq(reportConfirmations.userId, userId));
    // 法律援助: the rider's cases go entirely (the text is the rider's own account of a dispute).
    const legal = await eraseRiderCases(tx, userId);
    legalFiles.push(...legal.files);
    await eraseRiderTasks(tx, userId, now);
    await eraseRiderSuggestions(tx, userId);
    await eraseRiderWishes(tx, userId);
    // 随手帮 and 微心愿 photos of the rider's records (完成, the wish's, its fulfilment's).
    communityFiles.push(...(await eraseRiderCommunityPhotos(tx, userId)));

    const inbox = tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.userId, userId));
    await tx.delete(notificationOutbox).where(inArray(notificationOutbox.notificationId, inbox));
    await tx.delete(notifications).where(eq(notifications.userId, userId));

    await tx.delete(refreshTokens).where(eq(refreshTokens.userId, userId));
    await tx.delete(wechatSessions).where(eq(wechatSessions.userId, userId));
    await tx.delete(loginTickets).where(eq(loginTickets.userId, userId));
    await tx.delete(userConsents).where(eq(userConsents.userId, userId));

    await tx
      .update(users)
      .set({
        status: 'deleted',
        displayName: DELETED_NAME,
        openid: null,
        oaOpenid: null,
        unionid: null,
        phoneLast4: null,
        demoAccount: null,
        tokensValidAfter: now,
        updatedAt: now,
      })
      .where(eq(users.id, userId));

    const result = {
      deleted: true as const,
      pointsForfeited,
      vouchersCancelled,
      passesRevoked: revoked.length,
      reportsAnonymised: anonymised.length,
    };
    // After the tombstone: the audit row's actor name is 已注销用户, never the person's.
    await recordAudit(tx, {
      actor: ctx.actor,
      at: now,
      action: 'account.delete',
      target: { kind: 'user', id: userId },
      place: {},
      after: result,
    });
    return result;
  });
  // After the commit: the case files (a crash in between leaves files no row points at, never a row without its file).
  await removeCaseFiles(ctx.legalStorage, legalFiles);
  await removePhotoFiles(ctx.communityStorage, communityFiles);
  return result;
}
