import type { AuditChange } from '@nuanxin/shared/audit/schemas';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fields that differ between two audit snapshots, in the order they first appear. Snapshots
 * that are not objects (or a creation / deletion) compare as one field, `value`, unless one side
 * is an object: then each of its fields is a change from / to null.
 */
export function changedFields(before: unknown, after: unknown): AuditChange[] {
  const b = before ?? null;
  const a = after ?? null;
  if (!isPlainObject(b) && !isPlainObject(a)) {
    return JSON.stringify(b) === JSON.stringify(a) ? [] : [{ field: 'value', before: b, after: a }];
  }
  const bo = isPlainObject(b) ? b : {};
  const ao = isPlainObject(a) ? a : {};
  const fields = [...new Set([...Object.keys(bo), ...Object.keys(ao)])];
  return fields
    .filter((f) => JSON.stringify(bo[f] ?? null) !== JSON.stringify(ao[f] ?? null))
    .map((f) => ({ field: f, before: bo[f] ?? null, after: ao[f] ?? null }));
}
