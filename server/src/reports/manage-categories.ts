import { asc, eq, sql } from 'drizzle-orm';
import type { AdminCategory, CategoryCreateBody, CategoryPatchBody } from '@nuanxin/shared/reports/schemas';
import { DEFAULT_CATEGORIES } from '@nuanxin/shared/reports/constants';
import type { Acting, Principal } from '../auth/index.js';
import type { Db } from '../db/client.js';
import { categoryRoutes, reportCategories, reports } from '../db/schema/index.js';
import { conflict, forbidden, notFound } from '../platform/app-error.js';
import type { ReportsContext } from './context.js';
import { recordAudit } from '../audit/index.js';
import { checkDefinitions } from './open311/attributes.js';

/** One audit row for a category write (the list is global: placed at the acting admin's district). */
function auditCategory(
  tx: Db,
  ctx: Acting<ReportsContext>,
  change: { action: string; id: string; before: unknown; after: unknown },
) {
  const { actor } = ctx;
  const { action, id, before, after } = change;
  return recordAudit(tx, {
    actor,
    at: ctx.now(),
    action,
    target: { kind: 'category', id },
    place: { districtId: actor.districtIds[0] ?? null },
    before,
    after,
  });
}

// The managed list of 随手拍 categories (district admins). The list is shared by the whole
// deployment (Open311 service codes are global), so any district admin manages it. A category
// that reports refer to is never deleted, only deactivated: history and figures keep its name.
// SLA changes apply to new reports; filed reports keep the due times they were given.

/**
 * A new deployment's starting list (the district bootstrap): the default categories, written only
 * while the list is empty, so a deployment's own changes are never undone. Returns how many.
 */
export async function ensureDefaultCategories(db: Db): Promise<number> {
  const [any] = await db.select({ id: reportCategories.id }).from(reportCategories).limit(1);
  if (any) return 0;
  const rows = await db
    .insert(reportCategories)
    .values(
      DEFAULT_CATEGORIES.map((c, i) => ({
        code: c.code,
        name: c.name,
        icon: c.icon,
        sortOrder: i,
        onSiteWithinMinutes: c.onSiteWithinMinutes,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: reportCategories.id });
  return rows.length;
}

function assertAdmin(principal: Principal): void {
  if (principal.role !== 'district_admin' || principal.districtIds.length === 0) throw forbidden('OUT_OF_SCOPE');
}

// Spelled out: drizzle leaves columns unqualified in a one-table select, and a bare "id" inside the
// subquery would mean reports.id.
const inUse = sql<boolean>`exists (select 1 from reports r where r.category_id = "report_categories"."id")`;

const columns = {
  id: reportCategories.id,
  code: reportCategories.code,
  name: reportCategories.name,
  icon: reportCategories.icon,
  sortOrder: reportCategories.sortOrder,
  acceptWithinMinutes: reportCategories.acceptWithinMinutes,
  fixWithinHours: reportCategories.fixWithinHours,
  onSiteWithinMinutes: reportCategories.onSiteWithinMinutes,
  active: reportCategories.active,
  cityLevel: reportCategories.cityLevel,
  inUse,
  attributes: reportCategories.attributes,
};

/** Every category, inactive ones included, in the order riders see them. */
export async function listAdminCategories(ctx: Acting<ReportsContext>): Promise<AdminCategory[]> {
  assertAdmin(ctx.actor);
  return ctx.db
    .select(columns)
    .from(reportCategories)
    .orderBy(asc(reportCategories.sortOrder), asc(reportCategories.code));
}

async function one(db: Db, id: string): Promise<AdminCategory> {
  const [row] = await db.select(columns).from(reportCategories).where(eq(reportCategories.id, id));
  if (!row) throw notFound();
  return row;
}

/** A new category; its code is unique (CATEGORY_CODE_TAKEN) and never changes afterwards. */
export async function createCategory(ctx: Acting<ReportsContext>, input: CategoryCreateBody): Promise<AdminCategory> {
  assertAdmin(ctx.actor);
  const id = await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx
      .insert(reportCategories)
      .values({
        code: input.code,
        name: input.name.trim(),
        icon: input.icon,
        acceptWithinMinutes: input.acceptWithinMinutes,
        fixWithinHours: input.fixWithinHours,
        ...(input.onSiteWithinMinutes !== undefined ? { onSiteWithinMinutes: input.onSiteWithinMinutes } : {}),
        ...(input.cityLevel !== undefined ? { cityLevel: input.cityLevel } : {}),
        // New categories go last unless placed.
        sortOrder:
          input.sortOrder ??
          sql`(select coalesce(max(${reportCategories.sortOrder}), -1) + 1 from ${reportCategories})`,
      })
      .onConflictDoNothing({ target: reportCategories.code })
      .returning({ id: reportCategories.id });
    if (!row) throw conflict('CATEGORY_CODE_TAKEN');
    const { inUse: _created, ...after } = await one(tx, row.id);
    await auditCategory(tx, ctx, { action: 'category.create', id: row.id, before: null, after });
    return row.id;
  });
  return one(ctx.db, id);
}

/** Rename, change icon/SLA/order, deactivate or reactivate. The code never changes (Open311 clients keep it). */
export async function updateCategory(
  ctx: Acting<ReportsContext>,
  input: { id: string; patch: CategoryPatchBody },
): Promise<AdminCategory> {
  assertAdmin(ctx.actor);
  const { id, patch } = input;
  if (patch.attributes) checkDefinitions(patch.attributes);
  await ctx.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const { inUse: _before, ...before } = await one(tx, id);
    await tx
      .update(reportCategories)
      .set({ ...patch, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) })
      .where(eq(reportCategories.id, id));
    const { inUse: _after, ...after } = await one(tx, id);
    const action = before.active && !after.active ? 'category.deactivate' : 'category.update';
    await auditCategory(tx, ctx, { action, id, before, after });
  });
  return one(ctx.db, id);
}

/**
 * Deletes a category no report has used (a mistake just made), with its street routes. One in use
 * is refused with CATEGORY_IN_USE: deactivate it instead. The row lock (FOR UPDATE conflicts with
 * the key-share lock a report insert takes on its category) orders a delete and a report filed at
 * the same moment: the report lands first and the delete is refused, never a report without its
 * category. The admin page offers delete only for categories nobody has used.
 */
export async function deleteCategory(ctx: Acting<ReportsContext>, input: { id: string }): Promise<void> {
  assertAdmin(ctx.actor);
  const { id } = input;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(reportCategories).where(eq(reportCategories.id, id)).for('update');
    if (!row) throw notFound();
    const [used] = await tx.select({ id: reports.id }).from(reports).where(eq(reports.categoryId, id)).limit(1);
    if (used) throw conflict('CATEGORY_IN_USE');
    await tx.delete(categoryRoutes).where(eq(categoryRoutes.categoryId, id));
    await tx.delete(reportCategories).where(eq(reportCategories.id, id));
    await auditCategory(tx as unknown as Db, ctx, { action: 'category.delete', id, before: row, after: null });
  });
}
