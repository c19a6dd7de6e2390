/**
 * Reports as CSV for spreadsheets: a UTF-8 byte order mark (so Excel reads Chinese city names
 * right), CRLF lines, RFC 4180 quoting, and no formula injection — a text cell that a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading
 * apostrophe. Numbers are written as numbers; empty cells (null) stay empty.
 */
export type CsvCell = string | number | null | undefined;

const BOM = '\ufeff';
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csv(header: string[], rows: CsvCell[][]): string {
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
