/** One CSV record with the line it starts on (1-based, the header is line 1). */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. A UTF-8 BOM (Excel)
 * is dropped. Throws with the line number when a quote is never closed.
 */
export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new Error(`第 ${quoteLine} 行的引号没有闭合`);
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    rows.push({ line: rowLine, cells });
  }
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [head, ...body] = nonEmpty;
  if (!head) throw new Error('文件是空的');
  const header = head.cells.map((h) => h.trim().toLowerCase());
  return {
    header,
    records: body.map((r) => ({
      line: r.line,
      values: Object.fromEntries(header.map((h, i) => [h, unguard((r.cells[i] ?? '').trim())])),
    })),
  };
}

const needsQuotes = /[",\r\n]/;
/** Text a spreadsheet would run as a formula (CSV injection): = + - @, or a tab / CR before one. */
const FORMULA = /^[=+\-@\t\r]/;
/**
 * One exported cell. Text that a spreadsheet would take for a formula gets a leading apostrophe
 * (shown, not run); the importer drops that apostrophe again (`unguard`), so export → import
 * stays a no-op. Numbers are written as they are (a negative coordinate is a number, not text).
 */
export const csvCell = (v: string | number | null | undefined) => {
  const s = v == null ? '' : typeof v === 'string' && FORMULA.test(v) ? `'${v}` : String(v);
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The cell as typed before `csvCell` guarded it. */
const unguard = (cell: string) => (cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell);
