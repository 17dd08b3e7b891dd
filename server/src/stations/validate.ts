import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { StationInput } from '@nuanxin/shared/stations/schemas';
import { hoursProblems } from './hours.js';
import { labelOfPath } from '../platform/field-labels.js';

// TypeBox's Value checker knows no string formats until they are registered (Fastify's Ajv has
// its own); these are the ones the station schemas use.
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
};
for (const [name, re] of Object.entries(FORMATS)) {
  if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, (v) => re.test(v));
}

export interface Problem {
  field: string;
  reason: string;
}

function firstSchemaProblem(schema: TSchema, value: unknown): Problem | undefined {
  const error = Value.Errors(schema, value).First();
  if (!error) return undefined;
  const path = error.path.split('/').filter(Boolean);
  const field = path.join('.') || 'row';
  // The field's Chinese name, never the property name or TypeBox's English message.
  const label = path.length > 0 ? labelOfPath(schema, path, () => undefined) : '这一行';
  return { field, reason: `${label}的取值不正确` };
}

/**
 * A station as the API would accept it, with defaults filled in, or the first problem. Used for
 * import rows (the API body goes through Fastify's validator, then `hoursProblems`).
 */
export function checkStationInput(raw: unknown): { ok: true; value: StationInput } | { ok: false; problem: Problem } {
  const value = Value.Default(StationInput, Value.Clone(raw)) as StationInput;
  const problem = firstSchemaProblem(StationInput, value);
  if (problem) return { ok: false, problem };
  const [hoursProblem] = hoursProblems(value.hours);
  if (hoursProblem) return { ok: false, problem: hoursProblem };
  return { ok: true, value };
}
