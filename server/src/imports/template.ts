import ExcelJS from 'exceljs';
import { COMMUNITY_COLUMNS } from '@nuanxin/shared/imports/constants';

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The communities template as CSV: UTF-8 with a BOM (so Excel opens it right), header and one example row. */
export function communitiesTemplateCsv(): Buffer {
  const lines = [COMMUNITY_COLUMNS.map((c) => c.header), COMMUNITY_COLUMNS.map((c) => c.example)];
  return Buffer.from('\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n', 'utf8');
}

/** A one-sheet .xlsx of a header and rows (the bench's and tools' files). */
export async function writeXlsx(header: string[], rows: (string | number)[][], sheetName = '小区'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

let xlsx: Promise<Buffer> | undefined;

/**
 * The communities template as .xlsx: the first sheet 小区 (what is imported: header, one example
 * row — delete it before filling in), and a second sheet 填写说明 with each column's rule.
 */
export function communitiesTemplateXlsx(): Promise<Buffer> {
  xlsx ??= (async () => {
    const book = new ExcelJS.Workbook();
    book.creator = '暖新';
    const sheet = book.addWorksheet('小区', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = COMMUNITY_COLUMNS.map((c) => ({
      header: c.header,
      key: c.key,
      width: Math.max(12, c.example.length + 4, c.header.length * 2 + 4),
    }));
    sheet.addRow(Object.fromEntries(COMMUNITY_COLUMNS.map((c) => [c.key, c.example])));
    const head = sheet.getRow(1);
    head.font = { bold: true };
    COMMUNITY_COLUMNS.forEach((c, i) => {
      if (c.required) head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE699' } };
      // Text cells, so 001 stays 001 and a date stays as typed.
      sheet.getColumn(i + 1).numFmt = c.key === 'lat' || c.key === 'lng' ? '0.000000' : '@';
    });
    const help = book.addWorksheet('填写说明');
    help.columns = [
      { header: '列', key: 'header', width: 14 },
      { header: '必填', key: 'required', width: 6 },
      { header: '说明', key: 'note', width: 70 },
      { header: '示例', key: 'example', width: 36 },
    ];
    help.getRow(1).font = { bold: true };
    for (const c of COMMUNITY_COLUMNS)
      help.addRow({ header: c.header, required: c.required ? '是' : '', note: c.note, example: c.example });
    help.addRow({});
    help.addRow({ header: '注意', note: '只导入第一个工作表（小区）；示例行请删除或改成你的数据。一行一个小区。' });
    return Buffer.from(await book.xlsx.writeBuffer());
  })();
  return xlsx;
}
