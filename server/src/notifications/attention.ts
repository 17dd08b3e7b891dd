import { sql } from 'drizzle-orm';
import { ATTENTION_REFUSED_DAYS, type AttentionKind } from '@nuanxin/shared/notifications/constants';
import type { Attention, AttentionItem } from '@nuanxin/shared/notifications/schemas';
import type { Acting } from '../auth/index.js';
import { rowsOf } from '../db/client.js';
import type { NotificationsContext } from './context.js';

interface Counts {
  pass_pending: number;
  pass_refused: number;
  report_fixed: number;
  report_fixed_id: string | null;
  voucher_expiring: number;
  unread: number;
}

const TITLES: Record<AttentionKind, (n: number) => string> = {
  pass_refused: (n) => (n > 1 ? `${n} 张通行证未通过或被撤销，点此查看原因` : '通行证未通过或被撤销，点此查看原因'),
  pass_pending: (n) => (n > 1 ? `${n} 个通行申请审核中` : '通行申请审核中，结果会通知你'),
  report_fixed: (n) => (n > 1 ? `${n} 条随手拍已修复，请确认` : '你的随手拍已修复，请确认'),
  voucher_expiring: (n) => `${n} 张兑换券即将过期，请尽快使用`,
  unread: (n) => `${n} 条未读消息`,
};

/**
 * What needs the caller's action, for the home page's banner and the 我的 tab's badge: passes under
 * review or refused (rejected / revoked in the last 30 days), reports fixed and waiting for the
 * rider's word, vouchers expiring within the voucher notice window, unread messages. One round
 * trip: one statement of scalar subqueries, each on an index that starts with the caller's id.
 */
export async function attentionOf(ctx: Acting<NotificationsContext>): Promise<Attention> {
  const me = ctx.actor.userId;
  const now = ctx.now();
  const refusedSince = new Date(now.getTime() - ATTENTION_REFUSED_DAYS * 86_400_000);
  const voucherUntil = new Date(now.getTime() + (ctx.voucherExpiryNoticeHours ?? 24) * 3600_000);
  const [c] = rowsOf<Counts>(
    await ctx.db.execute(sql`
      select
        (select count(*)::int from passes where rider_id = ${me} and status = 'pending') as pass_pending,
        (select count(*)::int from passes where rider_id = ${me} and status in ('rejected', 'revoked')
           and decided_at > ${refusedSince}) as pass_refused,
        (select count(*)::int from reports where reporter_id = ${me} and state = 'fixed') as report_fixed,
        (select id::text from reports where reporter_id = ${me} and state = 'fixed'
           order by fixed_at desc nulls last limit 1) as report_fixed_id,
        (select count(*)::int from vouchers where rider_id = ${me} and status = 'issued'
           and expires_at > ${now} and expires_at <= ${voucherUntil}) as voucher_expiring,
        (select count(*)::int from notifications where user_id = ${me} and read_at is null) as unread`),
  );
  const counts = c!;
  const items: AttentionItem[] = [];
  const add = (kind: AttentionKind, count: number, targetId: string | null = null) => {
    if (Number(count) > 0) items.push({ kind, count: Number(count), title: TITLES[kind](Number(count)), targetId });
  };
  add('pass_refused', counts.pass_refused);
  add('pass_pending', counts.pass_pending);
  add('report_fixed', counts.report_fixed, Number(counts.report_fixed) === 1 ? counts.report_fixed_id : null);
  add('voucher_expiring', counts.voucher_expiring);
  add('unread', counts.unread);
  return { items, unread: Number(counts.unread) };
}
