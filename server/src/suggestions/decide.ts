import { eq } from 'drizzle-orm';
import type { DecisionBody, StaffSuggestion } from '@nuanxin/shared/suggestions/schemas';
import { SUGGESTION_STATUS_LABELS } from '@nuanxin/shared/suggestions/constants';
import type { Db } from '../db/client.js';
import { riderProfiles, suggestions, users } from '../db/schema/index.js';
import { badRequest, conflict, forbidden, notFound } from '../platform/app-error.js';
import { inScope, type Acting } from '../auth/index.js';
import { recordAudit } from '../audit/index.js';
import { creditForEvent } from '../points/index.js';
import { noticeOnce } from '../notifications/index.js';
import type { SuggestionsContext } from './context.js';
import { toStaff, type SuggestionRow } from './views.js';

const place = (s: SuggestionRow) => ({ communityId: s.communityId, streetId: s.streetId, districtId: s.districtId });

/** Locks a suggestion the staff member's scope receives. */
async function lockInScope(ctx: Acting<SuggestionsContext>, db: Db, id: string): Promise<SuggestionRow> {
  const [s] = await db.select().from(suggestions).where(eq(suggestions.id, id)).for('update');
  if (!s) throw notFound();
  if (!inScope(ctx.actor, place(s))) throw forbidden('OUT_OF_SCOPE');
  return s;
}

async function staffView(db: Db, id: string): Promise<StaffSuggestion> {
  const [r] = await db
    .select({ s: suggestions, realName: riderProfiles.realName, name: users.displayName })
    .from(suggestions)
    .innerJoin(users, eq(users.id, suggestions.riderId))
    .leftJoin(riderProfiles, eq(riderProfiles.userId, suggestions.riderId))
    .where(eq(suggestions.id, id));
  return toStaff(r!.s, r!.realName ?? r!.name);
}

/** 回复: the reply (replaces an earlier one); a new suggestion becomes 已收到; the rider is told. */
export async function replySuggestion(
  ctx: Acting<SuggestionsContext>,
  input: { id: string; reply: string },
): Promise<StaffSuggestion> {
  const now = ctx.now();
  const reply = input.reply.trim();
  if (!reply) throw badRequest('VALIDATION_FAILED', '请填写回复内容', 'reply');
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const s = await lockInScope(ctx, db, input.id);
    const status = s.status === 'submitted' ? 'received' : s.status;
    await db
      .update(suggestions)
      .set({ reply, repliedAt: now, repliedBy: ctx.actor.userId, status, updatedAt: now })
      .where(eq(suggestions.id, s.id));
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'suggestion.reply',
      target: { kind: 'suggestion', id: s.id },
      place: place(s),
      before: { status: s.status, reply: s.reply },
      after: { status, reply },
    });
    await noticeOnce(db, {
      userId: s.riderId,
      kind: 'suggestion_reply',
      dedupeKey: `suggestion-reply:${s.id}:${now.getTime()}`,
      title: '你的建议有回复了',
      body: `「${s.title}」：${reply.slice(0, 60)}`,
      createdAt: now,
    });
  });
  return staffView(ctx.db, input.id);
}

/**
 * 已收到 / 已采纳 / 未采纳 (with a reason). Adopted and not adopted are final; adoption credits
 * `suggestion_adopted` once (the row lock serialises two staff; the ledger's id is per suggestion).
 */
export async function decideSuggestion(
  ctx: Acting<SuggestionsContext>,
  input: { id: string } & DecisionBody,
): Promise<StaffSuggestion> {
  const now = ctx.now();
  const reason = input.reason?.trim() || null;
  if (input.status === 'not_adopted' && !reason) throw badRequest('SUGGESTION_REASON_REQUIRED', undefined, 'reason');
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const s = await lockInScope(ctx, db, input.id);
    if (s.status === 'adopted' || s.status === 'not_adopted') throw conflict('SUGGESTION_DECIDED');
    let points = 0;
    if (input.status === 'adopted') {
      const outcome = await creditForEvent(
        db,
        {
          rule: 'suggestion_adopted',
          sourceType: 'suggestion',
          sourceId: s.id,
          riderId: s.riderId,
          districtId: s.districtId,
          note: s.title,
        },
        { expiryDays: ctx.pointsExpiryDays, now },
      );
      points = outcome.transfer?.amount ?? 0;
    }
    const final = input.status !== 'received';
    await db
      .update(suggestions)
      .set({
        status: input.status,
        decisionReason: input.status === 'not_adopted' ? reason : null,
        ...(final ? { decidedAt: now, decidedBy: ctx.actor.userId } : {}),
        updatedAt: now,
      })
      .where(eq(suggestions.id, s.id));
    await recordAudit(db, {
      actor: ctx.actor,
      at: now,
      action: 'suggestion.decide',
      target: { kind: 'suggestion', id: s.id },
      place: place(s),
      before: { status: s.status },
      after: { status: input.status, reason, points },
    });
    const label = SUGGESTION_STATUS_LABELS[input.status];
    await noticeOnce(db, {
      userId: s.riderId,
      kind: 'suggestion_decision',
      dedupeKey: `suggestion-decision:${s.id}:${input.status}`,
      title: `你的建议${label}`,
      body:
        input.status === 'adopted'
          ? `「${s.title}」已被采纳${points > 0 ? `，获得 ${points} 积分` : ''}。谢谢你的好主意！`
          : input.status === 'not_adopted'
            ? `「${s.title}」未被采纳：${reason}`
            : `「${s.title}」工作人员已收到。`,
      createdAt: now,
    });
  });
  return staffView(ctx.db, input.id);
}
