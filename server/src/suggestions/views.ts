import type { PublicSuggestion, StaffSuggestion } from '@nuanxin/shared/suggestions/schemas';
import type { SuggestionStatus, SuggestionTarget } from '@nuanxin/shared/suggestions/constants';
import type { suggestions } from '../db/schema/index.js';

export type SuggestionRow = typeof suggestions.$inferSelect;

/** The fields everyone may read: no rider, no name, no phone. */
export function publicFields(r: SuggestionRow) {
  return {
    id: r.id,
    targetKind: r.targetKind as SuggestionTarget,
    targetName: r.targetName,
    title: r.title,
    body: r.body,
    category: r.category,
    status: r.status as SuggestionStatus,
    reply: r.reply,
    repliedAt: r.repliedAt?.toISOString() ?? null,
    decisionReason: r.decisionReason,
    supportCount: r.supportCount,
    createdAt: r.createdAt.toISOString(),
  };
}

export const toPublic = (r: SuggestionRow, flags: { supportedByMe: boolean; mine: boolean }): PublicSuggestion => ({
  ...publicFields(r),
  ...flags,
});

export const toStaff = (r: SuggestionRow, riderName: string): StaffSuggestion => ({ ...publicFields(r), riderName });
