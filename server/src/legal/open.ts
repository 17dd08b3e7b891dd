import { and, desc, eq, inArray } from 'drizzle-orm';
import type { OpenCaseBody, OpenCaseResult } from '@nuanxin/shared/legal/schemas';
import type { Acting } from '../auth/index.js';
import type { Db } from '../db/client.js';
import {
  communities,
  districts,
  legalCases,
  legalCaseUpdates,
  passes,
  riderProfiles,
  streets,
} from '../db/schema/index.js';
import { badRequest } from '../platform/app-error.js';
import type { LegalContext } from './context.js';
import { acceptDue } from './deadlines.js';
import { tellRider } from './messages.js';
import { loadDetail, type CaseRow } from './workflow.js';

const IDEMPOTENCY_KEY = /^[\w-]{8,64}$/;

/**
 * Where a case goes: the district the rider chose; else the district of the rider's own passes
 * (where it works, from its registration), the most recent first; else the only district served.
 */
export async function districtFor(db: Db, riderId: string, chosen: string | undefined): Promise<string | null> {
  if (chosen) {
    const [d] = await db.select({ id: districts.id }).from(districts).where(eq(districts.id, chosen));
    if (!d) throw badRequest('LEGAL_DISTRICT_UNKNOWN', undefined, 'districtId');
    return d.id;
  }
  const [fromPass] = await db
    .select({ id: streets.districtId })
    .from(passes)
    .innerJoin(communities, eq(communities.id, passes.communityId))
    .innerJoin(streets, eq(streets.id, communities.streetId))
    .where(and(eq(passes.riderId, riderId), inArray(passes.status, ['approved', 'pending'])))
    .orderBy(desc(passes.appliedAt))
    .limit(1);
  if (fromPass) return fromPass.id;
  const all = await db.select({ id: districts.id }).from(districts).limit(2);
  return all.length === 1 ? all[0]!.id : null;
}

/**
 * A rider opens a case: it goes to the mediation centre of its district, to be accepted (or
 * referred) within ACCEPT_WITHIN_WORKING_DAYS working days. The case, its first timeline row and
 * the rider's notice are one transaction; a retry with the same Idempotency-Key answers the first.
 */
export async function openCase(
  ctx: Acting<LegalContext>,
  input: OpenCaseBody & { idempotencyKey?: string | undefined },
): Promise<OpenCaseResult> {
  const riderId = ctx.actor.userId;
  const key = input.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
    throw badRequest('IDEMPOTENCY_KEY_REQUIRED', undefined, 'idempotency-key');
  if (key) {
    const existing = await findByKey(ctx.db, riderId, key);
    if (existing) return { replayed: true, case: await loadDetail(ctx, existing) };
  }
  const description = input.description.trim();
  const request = input.request.trim();
  if (!description) throw badRequest('VALIDATION_FAILED', '请写下事情经过', 'description');
  if (!request) throw badRequest('VALIDATION_FAILED', '请写下你的诉求', 'request');
  const districtId = await districtFor(ctx.db, riderId, input.districtId);
  if (!districtId) throw badRequest('LEGAL_DISTRICT_REQUIRED', undefined, 'districtId');
  const [profile] = await ctx.db
    .select({ phone: riderProfiles.phone })
    .from(riderProfiles)
    .where(eq(riderProfiles.userId, riderId));
  const phone = input.contactPhone ?? profile?.phone ?? null;
  if (input.contactPreference === 'phone' && !phone)
    throw badRequest('LEGAL_PHONE_REQUIRED', undefined, 'contactPhone');

  const now = ctx.now();
  const acceptDueAt = await acceptDue(ctx.db, now);
  const id = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .insert(legalCases)
      .values({
        riderId,
        idempotencyKey: key ?? null,
        districtId,
        kind: input.kind,
        state: 'submitted',
        description,
        otherParty: (input.otherParty ?? '').trim(),
        request,
        contactPreference: input.contactPreference,
        contactPhone: phone,
        subscriptions: input.subscriptions ?? [],
        acceptDueAt,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [legalCases.riderId, legalCases.idempotencyKey] })
      .returning();
    if (!row) return null; // a concurrent retry won
    // The timeline's first step: from no state to submitted.
    const [update] = await tx
      .insert(legalCaseUpdates)
      .values({
        caseId: row.id,
        actorId: riderId,
        actorRole: 'rider',
        action: 'submit',
        toState: 'submitted',
        createdAt: now,
      })
      .returning({ id: legalCaseUpdates.id });
    const c: CaseRow = row;
    const updateId = update!.id;
    await tellRider(tx, c, updateId, { step: 'submit' }, now);
    return row.id;
  });
  if (!id) return { replayed: true, case: await loadDetail(ctx, (await findByKey(ctx.db, riderId, key!))!) };
  return { replayed: false, case: await loadDetail(ctx, id) };
}

async function findByKey(db: Db, riderId: string, key: string): Promise<string | null> {
  const [row] = await db
    .select({ id: legalCases.id })
    .from(legalCases)
    .where(and(eq(legalCases.riderId, riderId), eq(legalCases.idempotencyKey, key)));
  return row?.id ?? null;
}
