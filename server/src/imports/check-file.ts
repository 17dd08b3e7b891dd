import type { ImportBadRow } from '@nuanxin/shared/imports/schemas';
import type { ImportKind } from '@nuanxin/shared/imports/constants';
import {
  StationFileError,
  checkStationRecords,
  stationRecords,
  stationTableRecords,
  type CheckedStation,
  type StationRecord,
} from '../stations/check-rows.js';
import { checkCommunityHeader, checkCommunityTable, type CommunityDraft } from './communities-rows.js';
import { FileProblem, decodeText, readCsv, readXlsx } from './table.js';

export type FileFormat = 'csv' | 'xlsx' | 'geojson';

export interface CheckJob {
  kind: ImportKind;
  format: FileFormat;
  bytes: Uint8Array;
  maxRows: number;
}

export type CheckResult =
  | { kind: 'communities'; rows: number; drafts: CommunityDraft[]; bad: ImportBadRow[] }
  | { kind: 'stations'; rows: number; drafts: CheckedStation[]; bad: ImportBadRow[] };

export interface CheckEvents {
  /** The file opened and has this many data rows. */
  opened(total: number): void;
  progress(done: number): void;
}

/** Stations' own bad rows in the imports' shape. */
export const stationBadRow = (b: { line: number; field: string | null; reason: string }): ImportBadRow => ({
  line: b.line,
  column: b.field ?? '',
  code: /范围/.test(b.reason)
    ? 'OUT_OF_SCOPE'
    : /街道/.test(b.reason)
      ? 'STREET_UNKNOWN'
      : /区或街道内/.test(b.reason)
        ? 'OUTSIDE_STREETS'
        : 'STATION_INVALID',
  message: b.reason,
});

async function stationRows(job: CheckJob): Promise<StationRecord[]> {
  try {
    if (job.format === 'xlsx') {
      const table = await readXlsx(job.bytes, job.maxRows);
      return stationTableRecords(table.header, table.rows);
    }
    const text = decodeText(job.bytes);
    const rows = stationRecords(job.format === 'geojson' ? 'geojson' : 'csv', text);
    if (rows.length === 0) throw new FileProblem('IMPORT_EMPTY', '文件里没有数据行');
    if (rows.length > job.maxRows)
      throw new FileProblem('IMPORT_TOO_MANY_ROWS', `文件超过 ${job.maxRows} 行，请分批导入`);
    return rows;
  } catch (err) {
    if (err instanceof StationFileError) throw new FileProblem('IMPORT_COLUMNS_INVALID', err.message);
    throw err;
  }
}

/**
 * Reads a file and runs the row checks that need no database. Pure CPU: it runs in the import
 * worker (worker.ts), off the server's event loop. Throws FileProblem for a file-level problem.
 */
export async function checkFile(job: CheckJob, events: CheckEvents): Promise<CheckResult> {
  if (job.kind === 'communities') {
    if (job.format === 'geojson') throw new FileProblem('IMPORT_FILE_INVALID', '小区导入只支持 .csv 或 .xlsx');
    const table = job.format === 'xlsx' ? await readXlsx(job.bytes, job.maxRows) : readCsv(job.bytes, job.maxRows);
    checkCommunityHeader(table.header);
    events.opened(table.rows.length);
    const { drafts, bad } = checkCommunityTable(table, events.progress);
    return { kind: 'communities', rows: table.rows.length, drafts, bad };
  }
  const rows = await stationRows(job);
  events.opened(rows.length);
  const { good, bad } = checkStationRecords(rows, events.progress);
  return { kind: 'stations', rows: rows.length, drafts: good, bad: bad.map(stationBadRow) };
}
