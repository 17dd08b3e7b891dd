/**
 * One cell of a CSV export people open in a spreadsheet: always quoted, and a leading = + - @
 * gets an apostrophe so the spreadsheet shows it rather than running it as a formula (CSV
 * injection). Every export that carries text someone typed uses it.
 */
export const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};
