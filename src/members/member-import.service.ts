import { BadRequestException, ConflictException, Injectable, Logger } from '@nestjs/common';
import { CsvError } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { QueryRunner } from 'typeorm';
import { IncomingRow, MemberRowChecker, Rejection, UnknownCity } from './member-row-checker';
import { CsvFormatError } from './csv-records';
import { MemberCsvStaging } from './member-csv-staging';
import { MemberImportRepository } from './member-import.repository';
import { MembersRepository } from './members.repository';
import { CitiesService } from '../cities/cities.service';
import type { CityNameIndex } from '../cities/city-name';

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

/** How many rejections a report lists by default; the page's CSV download asks for every one. */
export const MAX_LISTED_REJECTIONS = 1000;

/** Fills member_import inside the import's transaction; says what it received and refused. */
type StageRows = (
  db: QueryRunner,
  cities: CityNameIndex,
) => Promise<{ received: number; rejections: Rejection[]; unknownCities: UnknownCity[]; phases?: string[] }>;

@Injectable()
export class MemberImportService {
  private readonly logger = new Logger(MemberImportService.name);

  constructor(
    private readonly members: MembersRepository,
    private readonly csv: MemberImportRepository,
    private readonly cities: CitiesService,
  ) {}

  /**
   * Imports a CSV file (UTF-8, header row) streamed from `source`. PostgreSQL parses it (COPY
   * into a staging table of text columns) and checks it set-based; see MemberCsvStaging.
   */
  importCsv(source: Readable, options: ImportOptions = {}): Promise<ImportReport> {
    // Until the pipeline takes it over, a failing upload must not be an unhandled 'error' event.
    const failures: unknown[] = [];
    source.on('error', (e) => failures.push(e));
    return this.apply(options, async (db, cities) => {
      if (failures.length > 0) throw failures[0];
      const staging = new MemberCsvStaging(this.csv, this.members, db, cities, !!options.createUnverifiedCities);
      const unknown = await staging.stage(source).catch((error: unknown) => {
        throw failures[0] ?? error;
      });
      return {
        received: staging.received,
        rejections: staging.rejections,
        unknownCities: unknown,
        phases: staging.phases,
      };
    });
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
    const head = rows instanceof Readable ? rows : Readable.from(rows);
    const failures: unknown[] = [];
    head.on('error', (e) => failures.push(e));
    return this.apply(options, async (db, cities) => {
      const checker = new MemberRowChecker(cities, options.createUnverifiedCities);
      const copy = await this.members.copyIntoStaging(db);
      await pipeline([head, checker, copy]);
      if (failures.length > 0) throw failures[0];
      return {
        received: checker.received,
        rejections: checker.rejections,
        unknownCities: [...checker.unknownCities.values()],
      };
    });
  }

  /**
   * Stages the rows (`stage` fills member_import with the good ones, city ids resolved) and
   * applies them set-based. One transaction: a crash or error at any point leaves the
   * members table as it was.
   */
  private async apply(options: ImportOptions, stage: StageRows): Promise<ImportReport> {
    const started = Date.now();
    const listed = options.listed ?? MAX_LISTED_REJECTIONS;
    // Every city's every spelling, once per import; each distinct name is resolved once.
    const cities = await this.cities.nameIndex();
    const db = this.members.runner();
    await db.connect();
    try {
      await db.startTransaction();
      await this.members.lockImports(db);
      await this.members.createStaging(db);
      const staged = await stage(db, cities);
      const copiedAt = Date.now();

      const rejections = staged.rejections;
      for (const f of await this.members.removeForeignEmails(db)) {
        rejections.push({
          at: f.at,
          externalId: f.externalId,
          reason: `email already belongs to member ${f.ownerExternalId}`,
        });
      }
      const created = await this.cities.createUnverified(db, staged.unknownCities);
      await this.members.assignCreatedCities(db, created);
      const citiesCreated = new Set(created.values()).size;
      const checkedAt = Date.now();
      const { inserted, updated, bulk } = await this.members.applyStaging(db);
      await db.commitTransaction();
      const phases = `staging ${copiedAt - started} ms${staged.phases ? ` (${staged.phases.join(', ')})` : ''}, checks ${checkedAt - copiedAt} ms, apply ${Date.now() - checkedAt} ms${bulk ? ' (bulk load)' : ''}`;

      rejections.sort((a, b) => a.at - b.at);
      const received = staged.received;
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
      if (error instanceof CsvFormatError) {
        throw new BadRequestException(`The file is not valid CSV at line ${error.line}: ${error.message}.`);
      }
      if (error instanceof CsvError) {
        const line = typeof error.lines === 'number' ? ` at line ${error.lines}` : '';
        throw new BadRequestException(`The file is not valid CSV${line}: ${error.message}`);
      }
      // COPY refused the data (the scan hands it only what it takes, so this is a bug's safety net): not a 500.
      if (
        /^22/.test(String((error as { code?: string }).code)) &&
        (error as { where?: string }).where?.includes('COPY')
      ) {
        throw new BadRequestException(`The file could not be read as CSV: ${(error as Error).message}`);
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
