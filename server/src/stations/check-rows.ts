import type { ImportFormat, ImportReport, StationInput } from '@nuanxin/shared/stations/schemas';
import { parseCsv } from './formats/csv.js';
import { parseGeoJson } from './formats/geojson.js';
import { CSV_COLUMNS, REQUIRED_COLUMNS, RowError, draftFromProps, type RowDraft } from './formats/rows.js';
import { checkStationInput } from './validate.js';

// The checks of an import that need no database: pure, so the imports job runs them in its
// worker thread (which loads this file and not the job's routes or the database layer).

type BadRow = ImportReport['badRows'][number];

/** A row that passed the checks that need no database (schema, hours, duplicates). */
export interface CheckedStation {
  line: number;
  draft: RowDraft;
  input: StationInput;
}

/** The file-level problem of a stations file (unreadable, unknown or missing columns). */
export class StationFileError extends Error {}

/** One record per row: its line and a thunk that makes the draft (throws RowError). */
export type StationRecord = { line: number; draft: () => RowDraft };

/** Records of a header + rows table (CSV, or a sheet of an .xlsx read elsewhere). */
export function stationTableRecords(header: string[], rows: { line: number; values: Record<string, string> }[]) {
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) throw new StationFileError(`不认识的列：${unknown.join('、')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new StationFileError(`缺少必需的列：${missing.join('、')}`);
  return rows.map((r) => ({
    line: r.line,
    draft: () => draftFromProps(r.values, { lat: r.values.lat, lng: r.values.lng }),
  }));
}

/** Parses a CSV or GeoJSON stations file into records; throws StationFileError. */
export function stationRecords(format: ImportFormat, content: string): StationRecord[] {
  try {
    if (format === 'csv') {
      const { header, records } = parseCsv(content);
      return stationTableRecords(header, records);
    }
    return parseGeoJson(content).map((r) => ({
      line: r.line,
      draft: () => {
        const f = r.feature as {
          type?: unknown;
          geometry?: { type?: unknown; coordinates?: unknown };
          properties?: unknown;
        };
        if (!f || f.type !== 'Feature') throw new RowError('feature', `第 ${r.index + 1} 个要素不是 Feature`);
        const coords = f.geometry?.coordinates;
        if (f.geometry?.type !== 'Point' || !Array.isArray(coords) || coords.length < 2) {
          throw new RowError('geometry', '位置应为 Point [经度, 纬度]');
        }
        if (typeof coords[0] !== 'number' || typeof coords[1] !== 'number')
          throw new RowError('geometry', '经纬度应为数字');
        return draftFromProps((f.properties ?? {}) as Record<string, unknown>, { lng: coords[0], lat: coords[1] });
      },
    }));
  } catch (err) {
    if (err instanceof StationFileError) throw err;
    throw new StationFileError((err as Error).message);
  }
}

/** The checks that need no database: the row's schema and hours, duplicate external ids. Pure. */
export function checkStationRecords(
  rows: StationRecord[],
  onProgress?: (done: number) => void,
): { good: CheckedStation[]; bad: BadRow[] } {
  const bad: BadRow[] = [];
  const good: CheckedStation[] = [];
  const seen = new Map<string, number>();
  rows.forEach((r, i) => {
    try {
      const draft = r.draft();
      const earlier = seen.get(draft.externalId);
      if (earlier !== undefined)
        throw new RowError('external_id', `外部编号 ${draft.externalId} 与第 ${earlier} 行重复`);
      seen.set(draft.externalId, r.line);
      const checked = checkStationInput(draft.input);
      if (!checked.ok) throw new RowError(checked.problem.field, checked.problem.reason);
      good.push({ line: r.line, draft, input: checked.value });
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      bad.push({ line: r.line, field: err.field, reason: err.message });
    }
    if ((i + 1) % 100 === 0) onProgress?.(i + 1);
  });
  onProgress?.(rows.length);
  return { good, bad };
}
