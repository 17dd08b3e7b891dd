import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { PublicSuggestion, StaffSuggestion } from '@nuanxin/shared/suggestions/schemas';
import { riderProfiles, suggestions, users } from '../db/schema/index.js';
import type { Acting } from '../auth/index.js';
import type { SuggestionsContext } from './context.js';
import { toPublic, toStaff } from './views.js';

const supportedBy = (userId: string) =>
  sql<boolean>`exists (select 1 from suggestion_supports s where s.suggestion_id = ${suggestions.id} and s.rider_id = ${userId})`;

/** 大家的建议: every suggestion without personal details, most supported first. */
export async function publicSuggestions(ctx: Acting<SuggestionsContext>): Promise<PublicSuggestion[]> {
  const me = ctx.actor.userId;
  const rows = await ctx.db
    .select({ s: suggestions, supported: supportedBy(me) })
    .from(suggestions)
    .orderBy(desc(suggestions.supportCount), desc(suggestions.createdAt))
    .limit(100);
  return rows.map((r) => toPublic(r.s, { supportedByMe: Boolean(r.supported), mine: r.s.riderId === me }));
}

/** 我的建议, with replies and decisions, newest first. */
export async function mySuggestions(ctx: Acting<SuggestionsContext>): Promise<PublicSuggestion[]> {
  const me = ctx.actor.userId;
  const rows = await ctx.db
    .select({ s: suggestions, supported: supportedBy(me) })
    .from(suggestions)
    .where(eq(suggestions.riderId, me))
    .orderBy(desc(suggestions.createdAt))
    .limit(100);
  return rows.map((r) => toPublic(r.s, { supportedByMe: Boolean(r.supported), mine: true }));
}

/** 建议收件箱: what the staff member's scope receives (community, street, district). */
export async function staffSuggestions(ctx: Acting<SuggestionsContext>): Promise<StaffSuggestion[]> {
  const { actor } = ctx;
  let where: SQL | undefined;
  if (actor.role === 'community_admin' && actor.communityIds.length > 0)
    where = inArray(suggestions.communityId, actor.communityIds);
  else if (actor.role === 'street_operator' && actor.streetIds.length > 0)
    where = inArray(suggestions.streetId, actor.streetIds);
  else if (actor.role === 'district_admin' && actor.districtIds.length > 0)
    where = inArray(suggestions.districtId, actor.districtIds);
  if (!where) return [];
  const rows = await ctx.db
    .select({ s: suggestions, realName: riderProfiles.realName, name: users.displayName })
    .from(suggestions)
    .innerJoin(users, eq(users.id, suggestions.riderId))
    .leftJoin(riderProfiles, eq(riderProfiles.userId, suggestions.riderId))
    .where(and(where))
    .orderBy(desc(suggestions.createdAt))
    .limit(200);
  return rows.map((r) => toStaff(r.s, r.realName ?? r.name));
}
