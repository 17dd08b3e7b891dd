import { desc, eq } from 'drizzle-orm';
import type { ConsentBody, ConsentRecord, PrivacyOverview } from '@nuanxin/shared/privacy/schemas';
import type { ConsentScope } from '@nuanxin/shared/privacy/constants';
import { userConsents } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import { badRequest } from '../platform/app-error.js';
import type { PrivacyContext } from './context.js';

type ConsentRow = typeof userConsents.$inferSelect;

const toRecord = (row: ConsentRow): ConsentRecord => ({
  version: row.version,
  scopes: row.scopes as ConsentScope[],
  channel: row.channel,
  acceptedAt: row.acceptedAt.toISOString(),
});

async function consentsOf(ctx: Acting<PrivacyContext>): Promise<ConsentRow[]> {
  return ctx.db
    .select()
    .from(userConsents)
    .where(eq(userConsents.userId, ctx.actor.userId))
    .orderBy(desc(userConsents.acceptedAt))
    .limit(20);
}

/**
 * 我的 → 隐私: what is kept, for how long (the configured retention, not a promise in a text),
 * who sees it, and the guide's version the person accepted and when.
 */
export async function privacyOverview(ctx: Acting<PrivacyContext>): Promise<PrivacyOverview> {
  const rows = await consentsOf(ctx);
  const latest = rows[0] ?? null;
  const c = ctx.config;
  return {
    guideVersion: c.guideVersion,
    consent: latest ? toRecord(latest) : null,
    needsConsent: latest?.version !== c.guideVersion,
    history: rows.map(toRecord),
    data: [
      {
        kind: 'profile',
        title: '实名登记信息',
        what: '姓名、手机号、身份证号（只存加密摘要和后 4 位）、平台、站点、车辆和车牌',
        keptFor: '账号存续期间；注销账号时立即删除',
        retentionDays: null,
        seenBy: '你本人；你申请通行的社区管理员和门岗看到打码后的姓名、手机号；街道、区级管理员可暂停你的通行',
      },
      {
        kind: 'passes',
        title: '通行证',
        what: '申请的社区、审核结果和时间',
        keptFor: '账号存续期间；注销时立即作废',
        retentionDays: null,
        seenBy: '你本人；对应社区的管理员；所属街道、区级管理员',
      },
      {
        kind: 'access',
        title: '进出记录',
        what: '扫码或出示暖新码的时间、门岗、结果，扫码时的位置',
        keptFor: `${c.accessEventRetentionDays} 天后删除；精确位置 ${c.preciseLocationRetentionDays} 天后模糊到约 100 米`,
        retentionDays: c.accessEventRetentionDays,
        seenBy: '你本人；该社区管理员和门岗；所属街道、区级管理员',
      },
      {
        kind: 'reports',
        title: '随手拍上报',
        what: '问题类别、描述、位置和照片（照片已去除拍摄地点等信息）、处理进展',
        keptFor: `照片在问题办结 ${c.reportPhotoRetentionDays} 天后删除；精确位置 ${c.preciseLocationRetentionDays} 天后模糊到约 100 米；问题记录匿名保留给城市管理`,
        retentionDays: c.reportPhotoRetentionDays,
        seenBy: '你本人；负责处理的街道、区级管理员和处置队员；公开接口只显示问题，不显示上报人',
      },
      {
        kind: 'points',
        title: '积分和兑换券',
        what: '每一笔积分的来源和用途、兑换券',
        keptFor: `积分 ${c.pointsExpiryDays} 天后过期；账本记录长期保存（可对账），注销后不再关联到你`,
        retentionDays: c.pointsExpiryDays,
        seenBy: '你本人；核销兑换券的商户只看到券，不看到你的姓名和手机号',
      },
      {
        kind: 'consents',
        title: '隐私指引同意记录',
        what: '你同意的指引版本、时间和授权内容（位置、相机、订阅消息）',
        keptFor: '账号存续期间；注销时删除',
        retentionDays: null,
        seenBy: '你本人',
      },
    ],
  };
}

/**
 * Records an acceptance of the guide: only the current version can be accepted (an app showing an
 * older guide must show the new one first). Accepting the same version again adds nothing.
 */
export async function recordConsent(ctx: Acting<PrivacyContext>, input: ConsentBody): Promise<ConsentRecord> {
  if (input.version !== ctx.config.guideVersion) throw badRequest('PRIVACY_VERSION_OUTDATED', undefined, 'version');
  const [latest] = await consentsOf(ctx);
  const scopes = [...input.scopes].sort();
  if (latest && latest.version === input.version && [...latest.scopes].sort().join() === scopes.join())
    return toRecord(latest);
  const [row] = await ctx.db
    .insert(userConsents)
    .values({
      userId: ctx.actor.userId,
      version: input.version,
      scopes,
      channel: input.channel,
      acceptedAt: ctx.now(),
    })
    .returning();
  return toRecord(row!);
}
