import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

/** A file-level problem (unreadable, wrong columns, no rows): the upload is refused with a 4xx. */
export class FileProblem extends Error {
  constructor(
    readonly code: 'IMPORT_FILE_INVALID' | 'IMPORT_COLUMNS_INVALID' | 'IMPORT_EMPTY' | 'IMPORT_TOO_MANY_ROWS',
    message: string,
  ) {
    super(message);
  }
}

/** A sheet as text: the header cells and each data row by its line (1 = the header). */
export interface Table {
  header: string[];
  rows: { line: number; values: Record<string, string> }[];
}

/**
 * CSV bytes to text: UTF-8 (with or without BOM), else GB18030 — what Excel on a Chinese Windows
 * writes when it saves "CSV (逗号分隔)".
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new FileProblem('IMPORT_FILE_INVALID', '文件不是文本（UTF-8 或 GBK 编码的 CSV）');
    }
  }
}

const clean = (s: string) => s.replace(/\u00a0/g, ' ').trim();

function toTable(header: string[], records: { line: number; cells: string[] }[], maxRows: number): Table {
  const head = header.map(clean);
  if (head.every((h) => h === '')) throw new FileProblem('IMPORT_COLUMNS_INVALID', '第 1 行应为表头');
  const rows: Table['rows'] = [];
  for (const r of records) {
    if (r.cells.every((c) => clean(c) === '')) continue; // a blank line between rows
    if (rows.length >= maxRows) throw new FileProblem('IMPORT_TOO_MANY_ROWS', `文件超过 ${maxRows} 行，请分批导入`);
    const values: Record<string, string> = {};
    head.forEach((h, i) => {
      if (h) values[h] = clean(r.cells[i] ?? '');
    });
    rows.push({ line: r.line, values });
  }
  if (rows.length === 0) throw new FileProblem('IMPORT_EMPTY', '文件里没有数据行');
  return { header: head.filter((h) => h !== ''), rows };
}

/** CSV (RFC 4180) through csv-parse: quoted fields, embedded commas and line breaks. */
export function readCsv(bytes: Uint8Array, maxRows: number): Table {
  const text = decodeText(bytes);
  if (text.includes('\u0000')) throw new FileProblem('IMPORT_FILE_INVALID', '文件不是文本 CSV');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new FileProblem('IMPORT_FILE_INVALID', `CSV 格式不正确（第 ${e.lines ?? '?'} 行附近）：引号未闭合或列数不对`);
  }
  if (records.length === 0) throw new FileProblem('IMPORT_EMPTY', '文件是空的');
  const [first, ...rest] = records;
  // info.lines is the line the record ends on; a record with an embedded line break started earlier.
  const lineOf = (r: (typeof records)[number]) => r.info.lines - (r.record.join(',').match(/\n/g)?.length ?? 0);
  return toTable(
    first!.record,
    rest.map((r) => ({ line: lineOf(r), cells: r.record })),
    maxRows,
  );
}

/** One cell's value as text: numbers as written, dates as YYYY-MM-DD, rich text and formulas by their text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** The first worksheet of an .xlsx through exceljs; its row numbers are the lines reported. */
export async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<Table> {
  // A zip starts with "PK\3\4"; anything else is not an .xlsx, whatever its name says.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 3 || bytes[3] !== 4)
    throw new FileProblem('IMPORT_FILE_INVALID', '文件不是有效的 Excel（.xlsx）文件');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    throw new FileProblem('IMPORT_FILE_INVALID', 'Excel 文件已损坏或不是 .xlsx（旧版 .xls 请另存为 .xlsx）');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new FileProblem('IMPORT_EMPTY', 'Excel 文件的第一个工作表是空的');
  const width = sheet.getRow(1).cellCount;
  const header: string[] = [];
  for (let c = 1; c <= width; c++) header.push(cellText(sheet.getRow(1).getCell(c).value));
  const records: { line: number; cells: string[] }[] = [];
  let tooMany = false;
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1 || tooMany) return;
    if (records.length > maxRows) {
      tooMany = true;
      return;
    }
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    records.push({ line: number, cells });
  });
  if (tooMany) throw new FileProblem('IMPORT_TOO_MANY_ROWS', `文件超过 ${maxRows} 行，请分批导入`);
  return toTable(header, records, maxRows);
}
