import { isUtf8 } from 'node:buffer';
import { Transform, TransformCallback } from 'node:stream';
import { parse } from 'csv-parse/sync';

/** The file is not CSV; `line` is where the scan saw it (a quoted field left open: where the field began). */
export class CsvFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** A record the fast path cannot pass on as it is; csv-parse reads it, as it read every record before. */
export interface OddRecord {
  at: number;
  /** By header name, as csv-parse gave them to checkMemberRow. */
  fields: Record<string, string | undefined>;
  /** By header position, as many as the header has (missing ones undefined, extra ones dropped). */
  values: (string | undefined)[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** `"…"` with inner quotes doubled: a field PostgreSQL's CSV reader takes as it is. */
const csvField = (v: string | undefined) => (v === undefined ? '' : `"${v.replace(/"/g, '""')}"`);

/**
 * Finds record boundaries in a CSV byte stream without parsing fields, so PostgreSQL's COPY can do
 * the parsing: out goes each data record as `<line>,<t|f>,<record>\n`, where `<line>` is the line
 * the record starts on (quoted fields may span lines) and `t` says a field starts or ends with
 * what JavaScript's trim removes. It refuses what csv-parse refused (a quote
 * inside an unquoted field, text after a closing quote, a quote never closed) and hands records
 * COPY would refuse or read differently — another number of fields than the header, a NUL byte,
 * bytes that are not UTF-8, a bare carriage return — to `odd`, which answers with the fields to
 * send in their place (or null to send nothing). A blank line is skipped; the first record is
 * the header, handed to `onHeader`.
 */
export class CsvRecordScanner extends Transform {
  /** Data records seen (not the header, not blank lines). */
  received = 0;
  header: string[] | null = null;
  private carry: Buffer | null = null;
  private line = 1;
  private started = false;

  constructor(
    private readonly onHeader: (names: string[]) => string[],
    private readonly odd: (record: OddRecord) => (string | undefined)[] | null,
  ) {
    super({ readableHighWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
      if (!this.started) {
        if (buf.length < BOM.length && buf.equals(BOM.subarray(0, buf.length))) {
          this.carry = buf;
          return done();
        }
        this.started = true;
        if (buf.subarray(0, BOM.length).equals(BOM)) buf = buf.subarray(BOM.length);
      }
      const used = this.scan(buf, false);
      this.carry = used < buf.length ? buf.subarray(used) : null;
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.carry) this.scan(this.carry, true);
      this.carry = null;
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Scans whole records from the start of `buf`; returns how many bytes they took. */
  private scan(buf: Buffer, final: boolean): number {
    const n = buf.length;
    // Whole lines hold whole characters: one check covers every record that ends on a line feed.
    const lastLf = buf.lastIndexOf(LF);
    const utf8Checked = lastLf >= 0 && isUtf8(buf.subarray(0, lastLf + 1)) ? lastLf + 1 : 0;
    const out = new Output(n + 4096);
    let i = 0;
    let done = 0;
    while (i < n) {
      const start = i;
      const startLine = this.line;
      let line = startLine;
      let fields = 1;
      let fieldStart = true;
      let fieldFrom = i;
      let quotedTo = -1;
      let spaced = false;
      let odd = false;
      let end = -1;
      let next = -1;
      while (i < n) {
        const c = buf[i];
        if (c === QUOTE) {
          if (!fieldStart) throw new CsvFormatError(line, `a quote inside an unquoted field (field ${fields})`);
          // A quoted field: to its closing quote (a doubled quote is a quote in the text).
          const opened = line;
          fieldFrom = i + 1;
          i += 1;
          for (;;) {
            if (i >= n) {
              if (final) throw new CsvFormatError(opened, `a quoted field opened on line ${opened} is never closed`);
              return this.finish(out, done);
            }
            const q = buf[i];
            if (q === QUOTE) {
              if (i + 1 >= n && !final) return this.finish(out, done);
              if (buf[i + 1] === QUOTE) i += 2;
              else break;
            } else {
              if (q === LF) line += 1;
              else if (q === NUL) odd = true;
              i += 1;
            }
          }
          quotedTo = i;
          i += 1;
          const after = i < n ? buf[i] : -1;
          if (after !== COMMA && after !== LF && after !== CR && !(after === -1 && final)) {
            if (after === -1) return this.finish(out, done);
            throw new CsvFormatError(line, `text after the closing quote of field ${fields}`);
          }
          fieldStart = false;
          continue;
        }
        if (c === COMMA) {
          spaced ||= edgeSpace(buf, fieldFrom, quotedTo >= 0 ? quotedTo : i);
          fields += 1;
          fieldStart = true;
          fieldFrom = i + 1;
          quotedTo = -1;
        } else if (c === LF) {
          end = i > start && buf[i - 1] === CR ? i - 1 : i;
          next = i + 1;
          break;
        } else if (c === CR) {
          if (i + 1 >= n) {
            if (!final) return this.finish(out, done);
            end = i;
            next = n;
            break;
          }
          // CRLF ends the record at the LF; a bare CR is data to csv-parse and an error to COPY.
          if (buf[i + 1] !== LF) odd = true;
          fieldStart = false;
        } else {
          if (c === NUL) odd = true;
          fieldStart = false;
        }
        i += 1;
      }
      if (end < 0) {
        if (!final) return this.finish(out, done);
        end = n;
        next = n;
      }
      spaced ||= edgeSpace(buf, fieldFrom, quotedTo >= 0 ? quotedTo : end);
      i = next;
      this.line = line + 1;
      done = next;
      if (end === start) continue;
      const record = buf.subarray(start, end);
      if (this.header === null) {
        if (odd) {
          throw new CsvFormatError(
            startLine,
            'the header holds a bare carriage return or a NUL byte (lines must end in LF or CRLF)',
          );
        }
        this.header = this.onHeader((parse(record) as string[][])[0]);
        continue;
      }
      this.received += 1;
      const utf8 = end <= utf8Checked || isUtf8(record);
      if (odd || fields !== this.header.length || !utf8) this.sendOdd(out, startLine, record);
      else out.record(startLine, spaced, buf, start, end);
    }
    return this.finish(out, done);
  }

  private sendOdd(out: Output, at: number, record: Buffer): void {
    // The file's lines end in LF or CRLF (a bare CR ended no line before the header either): CR is data.
    let parsed: string[];
    try {
      [parsed] = parse(record, { relax_column_count: true, record_delimiter: ['\n', '\r\n'] }) as string[][];
    } catch (error) {
      // Its line numbers count from this record: report the file's.
      throw new CsvFormatError(at, (error as Error).message);
    }
    const values = this.header!.map((_, k) => parsed[k]);
    const fields: Record<string, string | undefined> = {};
    this.header!.forEach((name, k) => (fields[name] = values[k]));
    const replaced = this.odd({ at, fields, values });
    if (!replaced) return;
    const spaced = replaced.some((v) => v !== undefined && v !== v.trim());
    out.text(`${at},${spaced ? 't' : 'f'},${replaced.map(csvField).join(',')}\n`);
  }

  private finish(out: Output, used: number): number {
    if (out.length > 0) this.push(out.take());
    return used;
  }
}

/** What JavaScript's trim removes beyond ASCII (the ASCII ones are tab to CR, and space). */
const WIDE_SPACES = new Set([
  0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029,
  0x202f, 0x205f, 0x3000, 0xfeff,
]);
const asciiSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);

/** Whether the UTF-8 character at `k` is one of WIDE_SPACES (their first bytes are C2, E1, E2, E3, EF). */
function wideSpaceAt(buf: Buffer, k: number, to: number): boolean {
  const lead = buf[k];
  if (lead === 0xc2) return k + 1 < to && WIDE_SPACES.has(((lead & 0x1f) << 6) | (buf[k + 1] & 0x3f));
  if (lead !== 0xe1 && lead !== 0xe2 && lead !== 0xe3 && lead !== 0xef) return false;
  return k + 2 < to && WIDE_SPACES.has(((lead & 0x0f) << 12) | ((buf[k + 1] & 0x3f) << 6) | (buf[k + 2] & 0x3f));
}

/**
 * Whether the field's text [from, to) starts or ends with what trim removes: the SQL checks
 * take such a record as it is only when trimming would change nothing.
 */
function edgeSpace(buf: Buffer, from: number, to: number): boolean {
  if (from >= to) return false;
  const first = buf[from];
  if (asciiSpace(first) || (first >= 0xc2 && wideSpaceAt(buf, from, to))) return true;
  const last = buf[to - 1];
  if (last < 0x80) return asciiSpace(last);
  let k = to - 1;
  while (k > from && (buf[k] & 0xc0) === 0x80) k -= 1;
  return wideSpaceAt(buf, k, to);
}

/** A growing byte buffer for the records sent to COPY: one push per input chunk. */
class Output {
  private buf: Buffer;
  length = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  /** `<line>,<t|f>,` + the record's bytes + LF. */
  record(line: number, spaced: boolean, src: Buffer, start: number, end: number): void {
    this.room(end - start + 20);
    let o = this.length;
    let digits = 1;
    for (let v = line; v >= 10; v = Math.floor(v / 10)) digits += 1;
    for (let k = digits - 1, v = line; k >= 0; k--, v = Math.floor(v / 10)) this.buf[o + k] = 0x30 + (v % 10);
    o += digits;
    this.buf[o++] = COMMA;
    this.buf[o++] = spaced ? 0x74 : 0x66;
    this.buf[o++] = COMMA;
    src.copy(this.buf, o, start, end);
    o += end - start;
    this.buf[o++] = LF;
    this.length = o;
  }

  text(s: string): void {
    const bytes = Buffer.byteLength(s);
    this.room(bytes);
    this.length += this.buf.write(s, this.length);
  }

  take(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
