import { and, eq, ilike, sql } from 'drizzle-orm';
import type { PublicSuggestion, SuggestBody, SuggestionTargetList } from '@nuanxin/shared/suggestions/schemas';
import { communities, stations, streets, suggestions } from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import type { SuggestionsContext } from './context.js';
import { toPublic } from './views.js';

interface Target {
  stationId: string | null;
  communityId: string | null;
  streetId: string | null;
  districtId: string;
  targetName: string;
}

async function resolveTarget(db: Db, kind: SuggestBody['targetKind'], id: string): Promise<Target | undefined> {
  if (kind === 'station') {
    const [s] = await db
      .select({ name: stations.name, streetId: stations.streetId, districtId: stations.districtId })
      .from(stations)
      .where(eq(stations.id, id));
    return (
      s && { stationId: id, communityId: null, streetId: s.streetId, districtId: s.districtId, targetName: s.name }
    );
  }
  if (kind === 'community') {
    const [c] = await db
      .select({ name: communities.name, streetId: communities.streetId, districtId: streets.districtId })
      .from(communities)
      .innerJoin(streets, eq(streets.id, communities.streetId))
      .where(eq(communities.id, id));
    return (
      c && { stationId: null, communityId: id, streetId: c.streetId, districtId: c.districtId, targetName: c.name }
    );
  }
  const [s] = await db
    .select({ name: streets.name, districtId: streets.districtId })
    .from(streets)
    .where(eq(streets.id, id));
  return s && { stationId: null, communityId: null, streetId: id, districtId: s.districtId, targetName: s.name };
}

/** 提交建议: to a station (read by its street), a community or a street. */
export async function submitSuggestion(ctx: Acting<SuggestionsContext>, input: SuggestBody): Promise<PublicSuggestion> {
  const now = ctx.now();
  const title = input.title.trim();
  const body = input.body.trim();
  if (!title) throw badRequest('VALIDATION_FAILED', '请填写标题', 'title');
  if (!body) throw badRequest('VALIDATION_FAILED', '请填写建议内容', 'body');
  const target = await resolveTarget(ctx.db, input.targetKind, input.targetId);
  if (!target) throw badRequest('SUGGESTION_TARGET_UNKNOWN', undefined, 'targetId');
  const [row] = await ctx.db
    .insert(suggestions)
    .values({
      riderId: ctx.actor.userId,
      targetKind: input.targetKind,
      ...target,
      title,
      body,
      category: input.category ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return toPublic(row!, { supportedByMe: false, mine: true });
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Stations, communities and streets by name, for the form (a few of each). */
export async function suggestionTargets(
  ctx: Acting<SuggestionsContext>,
  input: { q?: string },
): Promise<SuggestionTargetList['items']> {
  const q = input.q?.trim() ?? '';
  const like = `%${escapeLike(q)}%`;
  const [st, co, sr] = [
    await ctx.db
      .select({ id: stations.id, name: stations.name })
      .from(stations)
      .where(q ? ilike(stations.name, like) : sql`true`)
      .orderBy(stations.name)
      .limit(10),
    await ctx.db
      .select({ id: communities.id, name: communities.name })
      .from(communities)
      .where(q ? ilike(communities.name, like) : sql`true`)
      .orderBy(communities.name)
      .limit(10),
    await ctx.db
      .select({ id: streets.id, name: streets.name })
      .from(streets)
      .where(and(eq(streets.active, true), q ? ilike(streets.name, like) : sql`true`))
      .orderBy(streets.name)
      .limit(10),
  ];
  return [
    ...sr.map((r) => ({ kind: 'street' as const, ...r })),
    ...co.map((r) => ({ kind: 'community' as const, ...r })),
    ...st.map((r) => ({ kind: 'station' as const, ...r })),
  ];
}
