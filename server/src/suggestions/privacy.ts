import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { suggestions, suggestionSupports } from '../db/schema/index.js';

/** The rider's suggestions (with replies and decisions) and the ones the rider supported. */
export async function exportRiderSuggestions(db: Db, riderId: string) {
  const own = await db
    .select()
    .from(suggestions)
    .where(eq(suggestions.riderId, riderId))
    .orderBy(asc(suggestions.createdAt));
  const supported = await db
    .select({ title: suggestions.title, at: suggestionSupports.createdAt })
    .from(suggestionSupports)
    .innerJoin(suggestions, eq(suggestions.id, suggestionSupports.suggestionId))
    .where(eq(suggestionSupports.riderId, riderId))
    .orderBy(asc(suggestionSupports.createdAt));
  return {
    suggestions: own.map((s) => ({
      to: s.targetName,
      title: s.title,
      body: s.body,
      category: s.category,
      status: s.status,
      reply: s.reply,
      decisionReason: s.decisionReason,
      supportCount: s.supportCount,
      createdAt: s.createdAt.toISOString(),
    })),
    supported: supported.map((s) => ({ title: s.title, at: s.at.toISOString() })),
  };
}

/**
 * Account deletion (inside the privacy job's transaction): the rider's suggestions are deleted
 * (their supports with them), and the rider's supports of others are taken back from the counts.
 */
export async function eraseRiderSuggestions(tx: Db, riderId: string): Promise<{ suggestionsDeleted: number }> {
  const mine = await tx
    .delete(suggestionSupports)
    .where(eq(suggestionSupports.riderId, riderId))
    .returning({ id: suggestionSupports.suggestionId });
  if (mine.length > 0) {
    await tx
      .update(suggestions)
      .set({ supportCount: sql`greatest(${suggestions.supportCount} - 1, 0)` })
      .where(
        inArray(
          suggestions.id,
          mine.map((m) => m.id),
        ),
      );
  }
  const deleted = await tx
    .delete(suggestions)
    .where(eq(suggestions.riderId, riderId))
    .returning({ id: suggestions.id });
  return { suggestionsDeleted: deleted.length };
}
