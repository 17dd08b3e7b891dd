import { eq, sql } from 'drizzle-orm';
import type { SupportResult } from '@nuanxin/shared/suggestions/schemas';
import type { Db } from '../db/client.js';
import { suggestions, suggestionSupports } from '../db/schema/index.js';
import { conflict, notFound } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { SuggestionsContext } from './context.js';

/** 支持 +1: once per rider (the key), counted in the same transaction; a repeat changes nothing. */
export async function supportSuggestion(
  ctx: Acting<SuggestionsContext>,
  input: { id: string },
): Promise<SupportResult> {
  const now = ctx.now();
  const me = ctx.actor.userId;
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [s] = await db.select({ riderId: suggestions.riderId }).from(suggestions).where(eq(suggestions.id, input.id));
    if (!s) throw notFound();
    if (s.riderId === me) throw conflict('SUGGESTION_OWN_SUPPORT');
    const added = await db
      .insert(suggestionSupports)
      .values({ suggestionId: input.id, riderId: me, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: suggestionSupports.suggestionId });
    if (added.length > 0) {
      const [row] = await db
        .update(suggestions)
        .set({ supportCount: sql`${suggestions.supportCount} + 1` })
        .where(eq(suggestions.id, input.id))
        .returning({ supportCount: suggestions.supportCount });
      return { supportCount: row!.supportCount, supportedByMe: true };
    }
    const [row] = await db
      .select({ supportCount: suggestions.supportCount })
      .from(suggestions)
      .where(eq(suggestions.id, input.id));
    return { supportCount: row!.supportCount, supportedByMe: true };
  });
}
