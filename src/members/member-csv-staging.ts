import { BadRequestException } from '@nestjs/common';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { normaliseCityName, unknownCityText, type CityNameIndex } from '../cities/city-name';
import { CsvRecordScanner, OddRecord } from './csv-records';
import { MemberColumns, MemberImportRepository } from './member-import.repository';
import { checkMemberRow, RawMemberRow } from './member-row';
import type { Rejection, UnknownCity } from './member-row-checker';
import { MembersRepository, stagingLine } from './members.repository';
import type { QueryRunner } from 'typeorm';

const REQUIRED_COLUMNS = ['external_id', 'email', 'name', 'city', 'locale', 'registered_on'];
const OPTIONAL_COLUMNS = ['province', 'forum_posts', 'honorary'];
export const EXPECTED_COLUMNS = `Expected columns: ${REQUIRED_COLUMNS.join(', ')}, and optionally province, forum_posts, honorary.`;
const COLUMN_ALIASES: Record<string, string> = { registered_at: 'registered_on', province_name: 'province' };
const RECHECK_COPY_BYTES = 1 << 20;

/** The header's names as the import reads them (case, spaces and hyphens, aliases); refuses a header lacking a column. */
export function memberHeader(names: string[]): string[] {
  const header = names.map((n) => {
    const key = n
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    return COLUMN_ALIASES[key] ?? key;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new BadRequestException(`The CSV header lacks ${missing.join(', ')}. ${EXPECTED_COLUMNS}`);
  }
  return header;
}

const stringOrUndefined = (v: string) => (v.trim() === '' ? undefined : v.trim());

/**
 * One CSV import's staging, inside the import's transaction: PostgreSQL parses the file
 * (CsvRecordScanner only finds where records start, for their line numbers) into
 * member_import_raw; SQL checks pass the rows that are surely good straight into
 * member_import; the rest are judged by checkMemberRow as before. Then the rules that
 * look across rows: cities no city goes by, and duplicates within the file (the first
 * good row of an external id or email wins, in file order).
 */
export class MemberCsvStaging {
  readonly rejections: Rejection[] = [];
  received = 0;
  /** Where the time went, for the import's log line. */
  readonly phases: string[] = [];
  private clock = Date.now();
  private readonly today = new Date().toISOString().slice(0, 10);

  constructor(
    private readonly sql: MemberImportRepository,
    private readonly members: MembersRepository,
    private readonly db: QueryRunner,
    private readonly cities: CityNameIndex,
    private readonly createUnverifiedCities: boolean,
  ) {}

  /** Stages the file; returns the unknown city names to create (only with createUnverifiedCities). */
  async stage(source: Readable): Promise<UnknownCity[]> {
    let columns: MemberColumns | null = null;
    const scanner = new CsvRecordScanner(
      (names) => {
        const header = memberHeader(names);
        columns = columnsOf(header);
        return header;
      },
      (record) => this.odd(record),
    );
    // The raw table is as wide as the header, so it is made when the first records arrive.
    const copy = new OpenedOnFirstWrite(async () => {
      if (!scanner.header) return null;
      await this.sql.createRawStaging(this.db, scanner.header.length);
      return this.sql.copyIntoRaw(this.db);
    });
    await pipeline(source, scanner, copy);
    if (!scanner.header || !columns) throw new BadRequestException(`The file is empty: ${EXPECTED_COLUMNS}`);
    this.received = scanner.received;
    this.lap('scan+COPY');

    // Each distinct city as written, resolved once (trimmed as checkMemberRow trims it).
    const names = [...new Set((await this.sql.distinctCities(this.db, columns)).map((n) => n ?? ''))];
    const ids = names.map((n) => (n.trim() === '' ? null : this.cities.cityIdOf(n.trim())));
    this.lap(`${names.length} city names`);
    const { passed, held } = await this.sql.stagePassingRows(this.db, columns, this.today, { names, ids });
    this.lap(`SQL checks (${passed} passed)`);
    await this.recheck();
    this.lap(`recheck (${held})`);
    const unknown = await this.unknownCities();
    this.lap('unknown cities');
    await this.duplicates();
    this.lap('duplicates');
    return unknown;
  }

  private lap(what: string): void {
    const now = Date.now();
    this.phases.push(`${what} ${now - this.clock} ms`);
    this.clock = now;
  }

  /** A record COPY cannot take as it is: rejected here when it holds a NUL, else sent as csv-parse read it. */
  private odd({ at, fields, values }: OddRecord): (string | undefined)[] | null {
    const withNul = values.some((v) => v?.includes('\u0000'));
    if (withNul) {
      const checked = checkMemberRow(fields, this.today);
      if (!checked.ok) {
        this.rejections.push({ at, externalId: stringOrUndefined(fields.external_id ?? ''), reason: checked.reason });
        return null;
      }
    }
    return values;
  }

  /** The rows the SQL checks did not pass, judged by checkMemberRow; the good ones are staged by COPY. */
  private async recheck(): Promise<void> {
    await this.sql.openRecheck(this.db);
    for (;;) {
      const rows = await this.sql.nextRecheck(this.db);
      if (rows.length === 0) break;
      let batch = '';
      for (const raw of rows) {
        const checked = checkMemberRow(raw as RawMemberRow, this.today);
        if (!checked.ok) {
          this.rejections.push({ at: raw.at, externalId: stringOrUndefined(raw.external_id), reason: checked.reason });
        } else {
          batch += stagingLine(raw.at, checked.row, this.cities.cityIdOf(checked.row.city));
        }
      }
      if (batch) await this.copyStaged(batch);
    }
    await this.sql.closeRecheck(this.db);
  }

  private async copyStaged(text: string): Promise<void> {
    const copy = await this.members.copyIntoStaging(this.db);
    const chunks = [];
    for (let k = 0; k < text.length; k += RECHECK_COPY_BYTES) chunks.push(text.slice(k, k + RECHECK_COPY_BYTES));
    await pipeline(Readable.from(chunks), copy);
  }

  /**
   * Staged rows whose city no city goes by: refused (with the nearest names), or, with
   * createUnverifiedCities, returned to be created — but a name of only punctuation and spaces
   * has no key, so no city can be made of it.
   */
  private async unknownCities(): Promise<UnknownCity[]> {
    const unknown = await this.sql.unknownCities(this.db);
    if (unknown.length === 0) return [];
    const creatable = this.createUnverifiedCities ? unknown.filter((u) => normaliseCityName(u.city) !== '') : [];
    const refused = unknown.filter((u) => !creatable.includes(u)).map((u) => u.city);
    if (refused.length > 0) {
      const reasons = new Map(refused.map((name) => [name, unknownCityText(name, this.cities.nearest(name))]));
      for (const r of await this.sql.removeUnknownCities(this.db, refused)) {
        this.rejections.push({ at: r.at, externalId: r.external_id, reason: reasons.get(r.city)! });
      }
    }
    return creatable.map((u) => ({ name: u.city, province: u.province }));
  }

  /** In file order, a row whose external id or email an earlier good row has is refused (it does not count as seen). */
  private async duplicates(): Promise<void> {
    const seenIds = new Map<string, number>();
    const seenEmails = new Map<string, number>();
    const refused: number[] = [];
    for (const row of await this.sql.duplicateCandidates(this.db)) {
      const email = row.email.toLowerCase();
      const firstId = seenIds.get(row.external_id);
      const firstEmail = seenEmails.get(email);
      if (firstId !== undefined || firstEmail !== undefined) {
        const what = firstId !== undefined ? `external_id ${row.external_id}` : `email ${row.email}`;
        this.rejections.push({
          at: row.at,
          externalId: row.external_id,
          reason: `duplicate ${what}, first seen at ${firstId ?? firstEmail}`,
        });
        refused.push(row.at);
        continue;
      }
      seenIds.set(row.external_id, row.at);
      seenEmails.set(email, row.at);
    }
    await this.sql.removeRows(this.db, refused);
  }
}

/**
 * A Writable that opens its target (a COPY) when the first chunk arrives, or at the end if
 * none did; `open` may answer null when there is nothing to write to (an empty file).
 */
class OpenedOnFirstWrite extends Writable {
  private target: Writable | null = null;
  private opened = false;

  constructor(private readonly open: () => Promise<Writable | null>) {
    super();
  }

  private async ensure(): Promise<Writable | null> {
    if (!this.opened) {
      this.opened = true;
      this.target = await this.open();
      this.target?.on('error', (e) => this.destroy(e));
    }
    return this.target;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.ensure().then((target) => {
      if (!target || target.write(chunk)) done();
      else target.once('drain', () => done());
    }, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.ensure().then((target) => {
      if (!target) return done();
      target.once('finish', () => done());
      target.end();
    }, done);
  }

  /**
   * An upstream error (a file the scan refuses) ends the COPY too — pg-copy-streams then sends CopyFail. A COPY
   * left open keeps its connection in COPY IN: the rollback waits behind it, and PostgreSQL 15's DROP DATABASE
   * waits for that backend for ever.
   */
  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    // The rollback that follows is queued by the client behind the COPY, so it runs once CopyFail is answered.
    if (this.target && !this.target.destroyed) this.target.destroy(error ?? new Error('import stopped'));
    done(error);
  }
}

/** Each member field's raw column (c1…cN by header position; the last of a repeated name, as csv-parse keeps). */
function columnsOf(header: string[]): MemberColumns {
  const column = (name: string) => {
    const k = header.lastIndexOf(name);
    return k < 0 ? null : `c${k + 1}`;
  };
  const fields = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as (keyof MemberColumns)[];
  return Object.fromEntries(fields.map((f) => [f, column(f)])) as MemberColumns;
}
