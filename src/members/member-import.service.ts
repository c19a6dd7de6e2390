import { BadRequestException, ConflictException, Injectable, Logger } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IncomingRow, MemberRowChecker, Rejection } from './member-row-checker';
import { RawMemberRow } from './member-row';
import { MembersRepository } from './members.repository';
import { CitiesService } from '../cities/cities.service';

export type { IncomingRow, Rejection } from './member-row-checker';

export interface ImportReport {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first rejections, in input order; `rejected` counts them all. */
  rejections: Rejection[];
  /** Rejections not in `rejections` ("…and N more"): rejected − rejections.length. */
  notListed: number;
  /** Unverified cities created for names no city goes by (only with `createUnverifiedCities`). */
  citiesCreated: number;
}

export interface ImportOptions {
  /** Create an unverified city for a name no city goes by, instead of refusing the row. */
  createUnverifiedCities?: boolean;
  /** How many rejections the report lists (default MAX_LISTED_REJECTIONS); `notListed` counts the rest. */
  listed?: number;
}

const REQUIRED_COLUMNS = ['external_id', 'email', 'name', 'city', 'locale', 'registered_on'];
const EXPECTED_COLUMNS = `Expected columns: ${REQUIRED_COLUMNS.join(', ')}, and optionally province, forum_posts, honorary.`;
const COLUMN_ALIASES: Record<string, string> = { registered_at: 'registered_on', province_name: 'province' };
/** How many rejections a report lists by default; the page's CSV download asks for every one. */
export const MAX_LISTED_REJECTIONS = 1000;

@Injectable()
export class MemberImportService {
  private readonly logger = new Logger(MemberImportService.name);

  constructor(
    private readonly members: MembersRepository,
    private readonly cities: CitiesService,
  ) {}

  /** Imports a CSV file (UTF-8, header row) streamed from `source`. */
  async importCsv(source: Readable, options: ImportOptions = {}): Promise<ImportReport> {
    let header: string[] = [];
    const parser = parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // The line a record ends on, for the report; cheaper than `info: true`'s per-record snapshot.
      on_record: (record: RawMemberRow, context: { lines: number }): IncomingRow => ({
        at: context.lines,
        raw: record,
      }),
      columns: (names: string[]) => {
        header = names.map((n) => {
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
      },
    });
    const report = await this.apply([source, parser], options);
    // An empty file has no header to check; it imported nothing, but the sender surely meant something else.
    if (header.length === 0) throw new BadRequestException(`The file is empty: ${EXPECTED_COLUMNS}`);
    return report;
  }

  /** Imports an uploaded CSV file and removes the temp file afterwards. */
  async importFile(file: Express.Multer.File | undefined, options: ImportOptions = {}): Promise<ImportReport> {
    if (!file) throw new BadRequestException('Choose a CSV file to upload (form field "file").');
    try {
      return await this.importCsv(createReadStream(file.path), options);
    } finally {
      await unlink(file.path).catch(() => undefined);
    }
  }

  /** Imports rows from the bulk API or the demo seed; `at` is reported for rejected rows. */
  importRows(rows: Readable | AsyncIterable<IncomingRow>, options: ImportOptions = {}): Promise<ImportReport> {
    return this.apply([rows instanceof Readable ? rows : Readable.from(rows)], options);
  }

  /**
   * Checks every row, streams the good ones into a staging table with COPY and
   * applies them set-based. One transaction: a crash or error at any point
   * leaves the members table as it was.
   */
  private async apply(head: NodeJS.ReadableStream[], options: ImportOptions): Promise<ImportReport> {
    const started = Date.now();
    const listed = options.listed ?? MAX_LISTED_REJECTIONS;
    // Until the pipeline below takes them over, a failing upload must not be an unhandled 'error' event.
    const failures: unknown[] = [];
    for (const stream of head) stream.on('error', (e) => failures.push(e));
    // Every city's every spelling, once per import; the checker resolves each distinct name once.
    const checker = new MemberRowChecker(await this.cities.nameIndex(), options.createUnverifiedCities);
    const db = this.members.runner();
    await db.connect();
    try {
      await db.startTransaction();
      await this.members.lockImports(db);
      await this.members.createStaging(db);
      const copy = await this.members.copyIntoStaging(db);
      await pipeline([...head, checker, copy]);
      if (failures.length > 0) throw failures[0];
      const copiedAt = Date.now();

      const rejections = checker.rejections;
      for (const f of await this.members.removeForeignEmails(db)) {
        rejections.push({
          at: f.at,
          externalId: f.externalId,
          reason: `email already belongs to member ${f.ownerExternalId}`,
        });
      }
      const created = await this.cities.createUnverified(db, [...checker.unknownCities.values()]);
      await this.members.assignCreatedCities(db, created);
      const citiesCreated = new Set(created.values()).size;
      const checkedAt = Date.now();
      const { inserted, updated, bulk } = await this.members.applyStaging(db);
      await db.commitTransaction();
      const phases = `read+copy ${copiedAt - started} ms, checks ${checkedAt - copiedAt} ms, apply ${Date.now() - checkedAt} ms${bulk ? ' (bulk load)' : ''}`;

      rejections.sort((a, b) => a.at - b.at);
      const received = checker.received;
      const report: ImportReport = {
        received,
        inserted,
        updated,
        unchanged: received - rejections.length - inserted - updated,
        rejected: rejections.length,
        rejections: rejections.slice(0, listed),
        notListed: Math.max(0, rejections.length - listed),
        citiesCreated,
      };
      this.logger.log(
        `Imported members in ${Date.now() - started} ms: ${received} received, ${inserted} new, ${updated} updated, ` +
          `${report.unchanged} unchanged, ${report.rejected} rejected, ${citiesCreated} new cities (${phases})`,
      );
      return report;
    } catch (error) {
      if (db.isTransactionActive) await db.rollbackTransaction().catch(() => undefined);
      if (error instanceof CsvError) {
        const line = typeof error.lines === 'number' ? ` at line ${error.lines}` : '';
        throw new BadRequestException(`The file is not valid CSV${line}: ${error.message}`);
      }
      if ((error as { code?: string }).code === '23505') {
        // Only possible when rows trade emails among existing members; the whole import is refused.
        throw new ConflictException(
          `The import would give two members the same email (${(error as { detail?: string }).detail ?? 'unique violation'}); nothing was imported.`,
        );
      }
      throw error;
    } finally {
      await db.release();
    }
  }
}
