import type { Open311AttributeDef } from '@nuanxin/shared/open311/schemas';
import { badRequest } from '../../platform/app-error.js';

/**
 * A category's questions as an admin sets them: codes unique, a list type with its options (keys
 * unique), no options on any other type. The schema has checked each field's form.
 */
export function checkDefinitions(defs: Open311AttributeDef[]): void {
  const codes = new Set<string>();
  defs.forEach((def, i) => {
    const field = `attributes.${i}`;
    const invalid = (why: string) =>
      badRequest('CATEGORY_ATTRIBUTES_INVALID', `附加问题“${def.description}”：${why}`, field);
    if (codes.has(def.code)) throw invalid('编码重复');
    codes.add(def.code);
    const list = def.datatype === 'singlevaluelist' || def.datatype === 'multivaluelist';
    const keys = (def.values ?? []).map((v) => v.key);
    if (list && keys.length === 0) throw invalid('选择题至少要有一个选项');
    if (!list && keys.length > 0) throw invalid('只有选择题才有选项');
    if (new Set(keys).size !== keys.length) throw invalid('选项编码重复');
  });
}

/** Longest answer of a `string` attribute, and of a `text` one. */
const STRING_MAX = 200;
const TEXT_MAX = 2000;
const DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * The `attribute[code]` answers of a request (`attribute[code][]` too, and repeated keys for a
 * multivaluelist), from form fields already parsed into text or lists of text.
 */
export function attributeAnswers(fields: Record<string, unknown>): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(fields)) {
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(name);
    if (!m) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    const own = Object.hasOwn(answers, m[1]!) ? answers[m[1]!]! : [];
    answers[m[1]!] = [...own, ...values];
  }
  return answers;
}

/**
 * Checks a partner's answers against the category's attributes (its service definition) and
 * returns what is stored: text for single answers, a list for a multivaluelist. A required one
 * unanswered, an answer of the wrong type or outside the list, or a code the category does not
 * ask is 400, named by the attribute's own description.
 */
export function checkAttributes(
  defs: Open311AttributeDef[],
  answers: Record<string, string[]>,
): Record<string, string | string[]> {
  for (const code of Object.keys(answers)) {
    if (!defs.some((d) => d.code === code))
      throw badRequest('OPEN311_ATTRIBUTE_UNKNOWN', undefined, `attribute[${code}]`);
  }
  const out: Record<string, string | string[]> = {};
  for (const def of defs) {
    const field = `attribute[${def.code}]`;
    const given = (Object.hasOwn(answers, def.code) ? answers[def.code]! : []).map((v) => v.trim()).filter(Boolean);
    if (given.length === 0) {
      if (def.required) throw badRequest('OPEN311_ATTRIBUTE_REQUIRED', `请回答：${def.description}`, field);
      continue;
    }
    const invalid = (why: string) => badRequest('OPEN311_ATTRIBUTE_INVALID', `${def.description}：${why}`, field);
    const keys = (def.values ?? []).map((v) => v.key);
    if (def.datatype === 'multivaluelist') {
      const picked = [...new Set(given)];
      if (picked.some((v) => !keys.includes(v))) throw invalid('只能从给定的选项中选择');
      out[def.code] = picked;
      continue;
    }
    if (given.length > 1) throw invalid('只能填一个回答');
    const value = given[0]!;
    switch (def.datatype) {
      case 'number':
        if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(Number(value))) throw invalid('须是数字');
        break;
      case 'datetime':
        if (!DATETIME.test(value) || Number.isNaN(Date.parse(value))) throw invalid('须是带时区的 ISO 8601 时间');
        break;
      case 'singlevaluelist':
        if (!keys.includes(value)) throw invalid('只能从给定的选项中选择');
        break;
      case 'string':
        if ([...value].length > STRING_MAX) throw invalid(`最多 ${STRING_MAX} 个字`);
        break;
      case 'text':
        if ([...value].length > TEXT_MAX) throw invalid(`最多 ${TEXT_MAX} 个字`);
        break;
    }
    out[def.code] = value;
  }
  return out;
}
