import { and, asc, eq, inArray, isNull, or } from 'drizzle-orm';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { TRANSFER_REASON_LABELS, type TransferReason } from '@nuanxin/shared/points/constants';
import {
  accessEvents,
  communities,
  gates,
  notifications,
  passes,
  pointAccounts,
  pointTransfers,
  reportCategories,
  reportConfirmations,
  reportPhotos,
  reports,
  reportUpdates,
  rewards,
  riderProfiles,
  riderSuspensions,
  userConsents,
  users,
  vouchers,
} from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { photoKey } from '../media/index.js';
import { exportRiderCases } from '../legal/index.js';
import { riderActivityData } from '../activities/index.js';
import { exportRiderTasks } from '../tasks/index.js';
import { exportRiderCommunityPhotos } from '../media/index.js';
import { exportRiderSuggestions } from '../suggestions/index.js';
import { exportRiderWishes } from '../wishes/index.js';
import { exportHousing } from '../housing/index.js';
import type { PrivacyContext } from './context.js';

const README = `暖新 · 个人信息导出

这是你在暖新中的全部个人信息（《个人信息保护法》第四十五条：查阅、复制）。文件在你请求时生成，服务器不保存副本。
其中包含你的完整手机号等信息，请妥善保管，不要转发给他人。

profile.json        账号和实名登记信息（身份证号只保存加密摘要，无法还原，此处给出后 4 位）
consents.json       隐私保护指引同意记录
passes.json         通行证
housing.json        暖新公寓床位申请（含每一步）
access-events.json  进出记录（保留期内的）
reports.json        随手拍上报、处理进展和照片清单；照片在 photos/ 目录
confirmations.json  你点过"我也遇到"的上报
points.json         积分余额和每一笔积分记录
vouchers.json       兑换券
notifications.json  站内消息
legal-cases.json    法律援助求助：案情、进展、评价和材料清单（联系电话已隐去中间四位）
activities.json     活动报名和签到记录
tasks.json          随手帮认领记录
suggestions.json    骑思妙想建议与支持记录
wishes.json         微心愿（含每一步）
community-photos.json 随手帮完成照片、微心愿照片和实现照片的清单；照片在 community-photos/ 目录
`;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const json = (value: unknown) => strToU8(JSON.stringify(value, null, 2));

/**
 * 导出我的数据: everything kept about the caller, as one zip (JSON files + report photos), made in
 * memory on request and never stored. The person's own data is given in full (PIPL art. 45: the
 * phone number unmasked — it is theirs); it is never logged. Every query is keyed on the caller's
 * own id: nobody else's rows can enter (a report's photos are only those of the caller's reports,
 * the timeline names roles, not staff).
 */
export async function exportMyData(ctx: Acting<PrivacyContext>): Promise<{ filename: string; zip: Uint8Array }> {
  const userId = ctx.actor.userId;
  const db = ctx.db;
  const now = ctx.now();

  const [user] = await db.select().from(users).where(eq(users.id, userId));
  const [profile] = await db.select().from(riderProfiles).where(eq(riderProfiles.userId, userId));
  const suspensions = await db
    .select()
    .from(riderSuspensions)
    .where(eq(riderSuspensions.riderId, userId))
    .orderBy(asc(riderSuspensions.createdAt));
  const consents = await db
    .select()
    .from(userConsents)
    .where(eq(userConsents.userId, userId))
    .orderBy(asc(userConsents.acceptedAt));

  const passRows = await db
    .select({ pass: passes, community: communities.name })
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .where(eq(passes.riderId, userId))
    .orderBy(asc(passes.appliedAt));

  const eventRows = await db
    .select({ event: accessEvents, community: communities.name, gate: gates.name })
    .from(accessEvents)
    .leftJoin(communities, eq(communities.id, accessEvents.communityId))
    .leftJoin(gates, eq(gates.id, accessEvents.gateId))
    .where(eq(accessEvents.riderId, userId))
    .orderBy(asc(accessEvents.createdAt));

  const reportRows = await db
    .select({ report: reports, category: reportCategories.name })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .where(eq(reports.reporterId, userId))
    .orderBy(asc(reports.createdAt));
  const reportIds = reportRows.map((r) => r.report.id);
  const updates = reportIds.length
    ? await db
        .select()
        .from(reportUpdates)
        .where(inArray(reportUpdates.reportId, reportIds))
        .orderBy(asc(reportUpdates.createdAt))
    : [];
  // The rider's own photos (not the crew's "after" photos) that the retention pass has not deleted.
  const photos = reportIds.length
    ? await db
        .select()
        .from(reportPhotos)
        .where(and(inArray(reportPhotos.reportId, reportIds), isNull(reportPhotos.updateId)))
        .orderBy(asc(reportPhotos.reportId), asc(reportPhotos.position))
    : [];
  const confirmations = await db
    .select({ reportId: reportConfirmations.reportId, at: reportConfirmations.createdAt })
    .from(reportConfirmations)
    .where(eq(reportConfirmations.userId, userId));

  const [account] = await db.select().from(pointAccounts).where(eq(pointAccounts.userId, userId));
  const transfers = account
    ? await db
        .select()
        .from(pointTransfers)
        .where(or(eq(pointTransfers.debitAccountId, account.id), eq(pointTransfers.creditAccountId, account.id)))
        .orderBy(asc(pointTransfers.createdAt), asc(pointTransfers.id))
    : [];
  const voucherRows = await db
    .select({ voucher: vouchers, reward: rewards.title })
    .from(vouchers)
    .innerJoin(rewards, eq(rewards.id, vouchers.rewardId))
    .where(eq(vouchers.riderId, userId))
    .orderBy(asc(vouchers.createdAt));
  const inbox = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(asc(notifications.createdAt));

  const files: Zippable = {};
  const photoFiles: Record<string, string[]> = {};
  for (const photo of photos) {
    if (photo.purgedAt) continue;
    const bytes = await ctx.storage.read(photoKey(photo.storageKey, 'display'));
    if (!bytes) continue;
    const name = `photos/${photo.reportId}/${photo.position + 1}-${photo.id}.jpg`;
    // JPEG is compressed already: store it as is.
    files[name] = [new Uint8Array(bytes), { level: 0 }];
    (photoFiles[photo.reportId] ??= []).push(name);
  }

  files['README.txt'] = strToU8(README);
  files['profile.json'] = json({
    exportedAt: now.toISOString(),
    account: {
      id: user?.id ?? userId,
      displayName: user?.displayName ?? null,
      role: user?.role ?? null,
      status: user?.status ?? null,
      createdAt: iso(user?.createdAt),
    },
    riderProfile: profile
      ? {
          realName: profile.realName,
          phone: profile.phone,
          idNumber: `只保存加密摘要，后 4 位 ${profile.idLast4}`,
          platform: profile.platform,
          stationName: profile.stationName,
          vehicleKind: profile.vehicleKind,
          plate: profile.plate,
          suspendedAt: iso(profile.suspendedAt),
          suspensionReason: profile.suspensionReason,
          registeredAt: iso(profile.createdAt),
          updatedAt: iso(profile.updatedAt),
        }
      : null,
    suspensions: suspensions.map((s) => ({ action: s.action, reason: s.reason, at: iso(s.createdAt) })),
  });
  files['consents.json'] = json(
    consents.map((c) => ({ version: c.version, scopes: c.scopes, channel: c.channel, acceptedAt: iso(c.acceptedAt) })),
  );
  files['passes.json'] = json(
    passRows.map(({ pass, community }) => ({
      community,
      status: pass.status,
      reason: pass.reason,
      appliedAt: iso(pass.appliedAt),
      decidedAt: iso(pass.decidedAt),
      expiresAt: iso(pass.expiresAt),
    })),
  );
  files['access-events.json'] = json(
    eventRows.map(({ event, community, gate }) => ({
      at: iso(event.scannedAt),
      community,
      gate,
      method: event.method,
      granted: event.granted,
      reason: event.reason,
      lat: event.lat,
      lng: event.lng,
      distanceM: event.distanceM,
    })),
  );
  files['housing.json'] = json(await exportHousing(db, userId));
  files['reports.json'] = json(
    reportRows.map(({ report, category }) => ({
      id: report.id,
      category,
      description: report.description,
      lat: report.lat,
      lng: report.lng,
      state: report.state,
      createdAt: iso(report.createdAt),
      closedAt: iso(report.closedAt),
      photos: photoFiles[report.id] ?? [],
      timeline: updates
        .filter((u) => u.reportId === report.id)
        .map((u) => ({
          at: iso(u.createdAt),
          byRole: u.actorRole,
          action: u.action,
          toState: u.toState,
          note: u.note,
        })),
    })),
  );
  files['legal-cases.json'] = json(await exportRiderCases(db, userId));
  files['confirmations.json'] = json(confirmations.map((c) => ({ reportId: c.reportId, at: iso(c.at) })));
  files['points.json'] = json({
    balance: account ? account.creditsPosted - account.debitsPosted - account.debitsPending : 0,
    history: transfers.map((t) => ({
      at: iso(t.createdAt),
      amount: t.creditAccountId === account?.id ? t.amount : -t.amount,
      kind: t.kind,
      reason: t.reason,
      label: TRANSFER_REASON_LABELS[t.reason as TransferReason] ?? t.reason,
      expiresAt: iso(t.expiresAt),
    })),
  });
  files['vouchers.json'] = json(
    voucherRows.map(({ voucher, reward }) => ({
      reward,
      points: voucher.points,
      status: voucher.status,
      createdAt: iso(voucher.createdAt),
      expiresAt: iso(voucher.expiresAt),
      resolvedAt: iso(voucher.resolvedAt),
    })),
  );
  files['notifications.json'] = json(
    inbox.map((n) => ({ kind: n.kind, title: n.title, body: n.body, at: iso(n.createdAt), readAt: iso(n.readAt) })),
  );

  files['activities.json'] = json(await riderActivityData(db, userId));
  files['tasks.json'] = json(await exportRiderTasks(db, userId));
  files['suggestions.json'] = json(await exportRiderSuggestions(db, userId));
  files['wishes.json'] = json(await exportRiderWishes(db, userId));
  const community = await exportRiderCommunityPhotos(db, ctx.communityStorage, userId);
  files['community-photos.json'] = json(community.index);
  Object.assign(files, community.files);

  const zip = zipSync(files, { level: 6, mtime: now });
  const stamp = now.toISOString().slice(0, 10).replace(/-/g, '');
  return { filename: `nuanxin-my-data-${stamp}.zip`, zip };
}
