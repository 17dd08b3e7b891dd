import { PLATFORMS, PLATFORM_LABELS, type Platform } from '@nuanxin/shared/access/constants';
import { COMMUNITY_COLUMNS, type CommunityColumnKey, type RowErrorCode } from '@nuanxin/shared/imports/constants';
import type { ImportBadRow } from '@nuanxin/shared/imports/schemas';
import { FileProblem, type Table } from './table.js';

/**
 * The rules of one community row, pure (no database): they run in the import worker. The rules
 * that need the database — the street from the boundaries, the caller's scope, a code already
 * taken — are in communities.ts. They mirror what a single create through geo/access checks:
 * keep the two in step (see README).
 */

export interface GateDraft {
  name: string;
  kind: 'smart' | 'guarded';
  lat: number;
  lng: number;
}
export interface AgreementDraft {
  platform: Platform;
  stationName: string | null;
  startsOn: string;
  endsOn: string | null;
  approval: 'auto' | 'manual';
  signatories: { community: string; property: string; platform: string };
}
export interface CommunityDraft {
  line: number;
  code: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  propertyCompany: string;
  streetCode: string | null;
  gates: GateDraft[];
  agreements: AgreementDraft[];
}

const HEADER_OF = Object.fromEntries(COMMUNITY_COLUMNS.map((c) => [c.key, c.header])) as Record<
  CommunityColumnKey,
  string
>;

export class RowProblem extends Error {
  constructor(
    readonly key: CommunityColumnKey,
    readonly code: RowErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const badRow = (line: number, key: CommunityColumnKey, code: RowErrorCode, message: string): ImportBadRow => ({
  line,
  column: HEADER_OF[key],
  code,
  message,
});

const PLATFORM_BY_NAME = new Map<string, Platform>([
  ...PLATFORMS.map((p) => [p, p] as const),
  ...PLATFORMS.map((p) => [PLATFORM_LABELS[p], p] as const),
  ['美团外卖', 'meituan'],
  ['饿了么外卖', 'eleme'],
  ['顺丰同城', 'sf'],
  ['京东秒送', 'jd'],
]);

const LIMITS: Partial<Record<CommunityColumnKey, number>> = {
  code: 40,
  name: 80,
  address: 200,
  propertyCompany: 80,
  streetCode: 40,
  stationName: 80,
  communitySignatory: 40,
  propertySignatory: 40,
  platformSignatory: 40,
};

/** Checks the header against the template: every required column present, none unknown. */
export function checkCommunityHeader(header: string[]): void {
  const known = new Set<string>(COMMUNITY_COLUMNS.map((c) => c.header));
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length)
    throw new FileProblem('IMPORT_COLUMNS_INVALID', `不认识的列：${unknown.join('、')}（请使用导入模板）`);
  const missing = COMMUNITY_COLUMNS.filter((c) => c.required && !header.includes(c.header)).map((c) => c.header);
  if (missing.length) throw new FileProblem('IMPORT_COLUMNS_INVALID', `缺少必需的列：${missing.join('、')}`);
}

function number(text: string, key: 'lat' | 'lng'): number {
  const label = HEADER_OF[key];
  if (text === '') throw new RowProblem(key, 'REQUIRED', `请填写${label}`);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new RowProblem(key, 'NOT_A_NUMBER', `${label}应为数字，而不是“${text}”`);
  const [lo, hi] = key === 'lat' ? [-90, 90] : [-180, 180];
  if (n < lo || n > hi) throw new RowProblem(key, 'COORDINATE_OUT_OF_RANGE', `${label}应在 ${lo}～${hi} 之间`);
  return n;
}

/** YYYY-MM-DD (also 2026/1/5 and 2026.1.5), a real calendar day. */
export function parseDate(text: string, key: 'startsOn' | 'endsOn'): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  const fail = () => new RowProblem(key, 'DATE_INVALID', `${HEADER_OF[key]}应为日期，如 2026-01-31，而不是“${text}”`);
  if (!m) throw fail();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) throw fail();
  return date.toISOString().slice(0, 10);
}

/** `东门:人工; 北门:智能@116.47,39.99` — the kind defaults to 人工, the place to the community's. */
export function parseGates(text: string, at: { lat: number; lng: number }): GateDraft[] {
  if (text === '') return [];
  const gates: GateDraft[] = [];
  const names = new Set<string>();
  for (const raw of text.split(/[;；\n]/)) {
    const part = raw.trim();
    if (!part) continue;
    const [head, place] = part.split(/[@＠]/);
    const [namePart, kindPart] = head!.split(/[:：]/);
    const name = namePart!.trim();
    if (!name) throw new RowProblem('gates', 'GATE_INVALID', `门岗“${part}”缺少名称`);
    if (name.length > 40) throw new RowProblem('gates', 'GATE_INVALID', `门岗名称最多 40 字：“${name}”`);
    if (names.has(name)) throw new RowProblem('gates', 'GATE_INVALID', `门岗“${name}”重复`);
    names.add(name);
    const k = (kindPart ?? '').trim();
    let kind: GateDraft['kind'];
    if (k === '' || /^(人工|人工门岗|guarded|门卫)$/i.test(k)) kind = 'guarded';
    else if (/^(智能|智能门禁|smart|闸机)$/i.test(k)) kind = 'smart';
    else throw new RowProblem('gates', 'GATE_INVALID', `门岗“${name}”的类型应为 人工 或 智能，而不是“${k}”`);
    let { lat, lng } = at;
    if (place !== undefined) {
      const [a, b] = place.split(/[,，]/).map((s) => Number(s.trim()));
      if (!Number.isFinite(a) || !Number.isFinite(b) || Math.abs(a!) > 180 || Math.abs(b!) > 90)
        throw new RowProblem('gates', 'GATE_INVALID', `门岗“${name}”的位置应为 @经度,纬度`);
      [lng, lat] = [a!, b!];
    }
    gates.push({ name, kind, lat, lng });
  }
  if (gates.length > 20) throw new RowProblem('gates', 'GATE_INVALID', '一个小区最多 20 个门岗');
  return gates;
}

function parsePlatforms(text: string): Platform[] {
  if (text === '') return [];
  const out: Platform[] = [];
  for (const raw of text.split(/[、,，;；/|\s]+/)) {
    const name = raw.trim();
    if (!name) continue;
    const p = PLATFORM_BY_NAME.get(name) ?? PLATFORM_BY_NAME.get(name.toLowerCase());
    if (!p)
      throw new RowProblem(
        'platforms',
        'PLATFORM_UNKNOWN',
        `不认识的平台“${name}”，可填：${PLATFORMS.map((x) => PLATFORM_LABELS[x]).join('、')}`,
      );
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** One row to a draft, or the first problem in it. */
export function checkCommunityRow(values: Record<string, string>, line: number): CommunityDraft {
  const get = (key: CommunityColumnKey) => values[HEADER_OF[key]] ?? '';
  for (const [key, max] of Object.entries(LIMITS) as [CommunityColumnKey, number][]) {
    if (get(key).length > max) throw new RowProblem(key, 'TOO_LONG', `${HEADER_OF[key]}最多 ${max} 字`);
  }
  const code = get('code');
  if (!code) throw new RowProblem('code', 'REQUIRED', '请填写小区编码');
  const name = get('name');
  if (!name) throw new RowProblem('name', 'REQUIRED', '请填写小区名称');
  const lng = number(get('lng'), 'lng');
  const lat = number(get('lat'), 'lat');
  const gates = parseGates(get('gates'), { lat, lng });
  const platforms = parsePlatforms(get('platforms'));
  const agreements: AgreementDraft[] = [];
  const agreementCols: CommunityColumnKey[] = [
    'stationName',
    'startsOn',
    'endsOn',
    'approval',
    'communitySignatory',
    'propertySignatory',
    'platformSignatory',
  ];
  if (platforms.length === 0) {
    const stray = agreementCols.find((k) => get(k) !== '');
    if (stray)
      throw new RowProblem('platforms', 'REQUIRED', `填写了${HEADER_OF[stray]}，请同时填写协议平台（或清空协议各列）`);
  } else {
    if (!get('startsOn')) throw new RowProblem('startsOn', 'REQUIRED', '填写了协议平台，请填写协议开始日期');
    const startsOn = parseDate(get('startsOn'), 'startsOn');
    const endsOn = get('endsOn') ? parseDate(get('endsOn'), 'endsOn') : null;
    if (endsOn && endsOn < startsOn) throw new RowProblem('endsOn', 'DATE_ORDER', '协议结束日期不能早于开始日期');
    const a = get('approval');
    let approval: AgreementDraft['approval'];
    if (a === '' || /^(人工|人工审核|manual|审核)$/i.test(a)) approval = 'manual';
    else if (/^(自动|自动通过|auto)$/i.test(a)) approval = 'auto';
    else throw new RowProblem('approval', 'APPROVAL_UNKNOWN', `审批方式应为 自动 或 人工，而不是“${a}”`);
    for (const platform of platforms) {
      agreements.push({
        platform,
        stationName: get('stationName') || null,
        startsOn,
        endsOn,
        approval,
        signatories: {
          community: get('communitySignatory'),
          property: get('propertySignatory'),
          platform: get('platformSignatory'),
        },
      });
    }
  }
  return {
    line,
    code,
    name,
    address: get('address'),
    lat,
    lng,
    propertyCompany: get('propertyCompany'),
    streetCode: get('streetCode') || null,
    gates,
    agreements,
  };
}

export interface CheckedRows<D> {
  drafts: D[];
  bad: ImportBadRow[];
}

/** Every row of the sheet: drafts of the good ones, the bad ones by line (duplicate codes too). */
export function checkCommunityTable(table: Table, onProgress?: (done: number) => void): CheckedRows<CommunityDraft> {
  checkCommunityHeader(table.header);
  const drafts: CommunityDraft[] = [];
  const bad: ImportBadRow[] = [];
  const seen = new Map<string, number>();
  table.rows.forEach((r, i) => {
    try {
      const draft = checkCommunityRow(r.values, r.line);
      const earlier = seen.get(draft.code);
      if (earlier !== undefined)
        throw new RowProblem('code', 'DUPLICATE_IN_FILE', `小区编码 ${draft.code} 与第 ${earlier} 行重复`);
      seen.set(draft.code, r.line);
      drafts.push(draft);
    } catch (err) {
      if (!(err instanceof RowProblem)) throw err;
      bad.push(badRow(r.line, err.key, err.code, err.message));
    }
    if ((i + 1) % 100 === 0) onProgress?.(i + 1);
  });
  onProgress?.(table.rows.length);
  return { drafts, bad };
}
