// Chinese names of request fields, for validation messages. A property's own `title` (when it is
// Chinese) wins; otherwise the shared registry FIELD_LABELS, keyed by property name, names it. A
// message never shows a property name, a path like `/body/phone` or any other English identifier.
import { FIELD_LABELS, REQUEST_PART_LABELS, ROUTE_FIELD_LABELS } from '@nuanxin/shared/common/field-labels';

/** A JSON schema as Fastify holds it (TypeBox output, possibly with `$ref`s to `$id` schemas). */
export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  required?: string[];
};

/** Looks up a shared schema by `$id` (Fastify's `getSchema`). */
export type SchemaLookup = (id: string) => unknown;

export type RequestPart = 'body' | 'querystring' | 'params' | 'headers';
export const REQUEST_PARTS: readonly RequestPart[] = ['body', 'querystring', 'params', 'headers'];

const CJK = /[\u4e00-\u9fff]/;

/** A Chinese label in a schema's own `title`, if it has one. */
const ownTitle = (schema: JsonSchema | undefined) =>
  typeof schema?.title === 'string' && CJK.test(schema.title) ? schema.title : undefined;

function resolve(schema: unknown, lookup: SchemaLookup, seen = new Set<string>()): JsonSchema | undefined {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string' && !seen.has(s.$ref)) {
    seen.add(s.$ref);
    const id = s.$ref.replace(/#.*$/, '');
    return resolve(lookup(id), lookup, seen);
  }
  return s;
}

/** The schema and its branches (anyOf/oneOf/allOf), resolved: where a property may be declared. */
function variants(schema: unknown, lookup: SchemaLookup, depth = 0): JsonSchema[] {
  const s = resolve(schema, lookup);
  if (!s || depth > 8) return [];
  const out = [s];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const branch of s[key] ?? []) out.push(...variants(branch, lookup, depth + 1));
  }
  return out;
}

function child(schema: unknown, segment: string, lookup: SchemaLookup): JsonSchema | undefined {
  for (const v of variants(schema, lookup)) {
    if (/^\d+$/.test(segment) && v.items) {
      return resolve(Array.isArray(v.items) ? v.items[Number(segment)] : v.items, lookup);
    }
    const prop = v.properties?.[segment];
    if (prop) return resolve(prop, lookup) ?? prop;
  }
  return undefined;
}

/** The Chinese name of property `name` declared as `schema` (its own title, else the registry). */
export function labelOfProperty(name: string, schema: unknown, overrides?: Labels): string | undefined {
  return ownTitle(schema as JsonSchema) ?? overrides?.[name] ?? (FIELD_LABELS as Labels)[name];
}

type Labels = Record<string, string>;

/** The labels one route gives its own meaning to (by the route's path, e.g. `/api/v1/access/scans`). */
export const routeLabels = (url: string | undefined): Labels | undefined => (url ? ROUTE_FIELD_LABELS[url] : undefined);

/**
 * The Chinese name of the input at `path` (property names and array indexes) under a route's
 * schema for one request part: 明细第 2 项的名称. Unknown names read 某一项 rather than English.
 */
export function labelOfPath(
  root: unknown,
  path: readonly string[],
  lookup: SchemaLookup,
  part?: string,
  overrides?: Labels,
): string {
  if (path.length === 0) return (REQUEST_PART_LABELS as Record<string, string>)[part ?? 'body'] ?? '请求内容';
  let schema: unknown = root;
  let text = '';
  for (const segment of path) {
    const next = schema === undefined ? undefined : child(schema, segment, lookup);
    if (/^\d+$/.test(segment)) text += `第 ${Number(segment) + 1} 项`;
    else text += (text ? '的' : '') + (labelOfProperty(segment, next, overrides) ?? '某一项');
    schema = next;
  }
  return text;
}

/** The schema at `path` (to read its `required` list when several fields are missing). */
export function schemaAtPath(root: unknown, path: readonly string[], lookup: SchemaLookup): JsonSchema[] {
  let schema: unknown = root;
  for (const segment of path) {
    schema = child(schema, segment, lookup);
    if (!schema) return [];
  }
  return variants(schema, lookup);
}

export interface PropertyEntry {
  /** e.g. `items.0.name` → `items[].name` */
  path: string;
  name: string;
  label: string | undefined;
}

/** Every property a schema declares, nested objects and array items included (for the label test). */
export function propertiesOf(root: unknown, lookup: SchemaLookup, overrides?: Labels): PropertyEntry[] {
  const out: PropertyEntry[] = [];
  const visit = (schema: unknown, prefix: string, depth: number, refs: Set<string>) => {
    if (!schema || typeof schema !== 'object' || depth > 10) return;
    const s = schema as JsonSchema;
    if (typeof s.$ref === 'string') {
      if (refs.has(s.$ref)) return;
      visit(lookup(s.$ref.replace(/#.*$/, '')), prefix, depth + 1, new Set([...refs, s.$ref]));
      return;
    }
    for (const [name, prop] of Object.entries(s.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      out.push({ path, name, label: labelOfProperty(name, resolve(prop, lookup) ?? prop, overrides) });
      visit(prop, path, depth + 1, refs);
    }
    if (s.items) for (const item of [s.items].flat()) visit(item, `${prefix}[]`, depth + 1, refs);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
      for (const b of s[key] ?? []) visit(b, prefix, depth + 1, refs);
  };
  visit(root, '', 0, new Set());
  return out;
}
