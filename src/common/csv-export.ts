import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';

/** A cell a spreadsheet would run as a formula (=, +, -, @) or that a tab or CR could turn into one. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell as text that a spreadsheet shows and never runs: one that starts like a formula gets a leading
 * apostrophe (OWASP's advice on CSV injection), so `=HYPERLINK(…)` in a member's name stays text.
 * Numbers stay numbers: a negative count is data, not a formula.
 */
export function csvCell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return value;
  const text = value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The one CSV writer of the app (csv-stringify, from the family of csv-parse the import uses): a header
 * row, RFC 4180 quoting, CRLF, and a UTF-8 byte order mark so Excel reads Chinese names as Chinese.
 */
export function csvFile(header: string[], rows: unknown[][]): Buffer {
  const body = stringify([header.map(csvCell), ...rows.map((r) => r.map(csvCell))], { record_delimiter: 'windows' });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
}

/** Sends a CSV download; `name` is made safe for the header ("meetup-12-roster.csv"). */
export function sendCsv(res: Response, name: string, header: string[], rows: unknown[][]): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
  res.type('text/csv; charset=utf-8').send(csvFile(header, rows));
}
