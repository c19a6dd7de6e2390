import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { parse } from 'csv-parse';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { checkMemberRow, RawMemberRow } from './member-row';
import { MembersRepository, stagingLine } from './members.repository';

/** A row that was not imported, and why. `at` is the CSV line or the bulk item index. */
export interface Rejection {
  at: number;
  externalId?: string;
  reason: string;
}

export interface ImportReport {
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first rejections, in input order; `rejected` counts them all. */
  rejections: Rejection[];
  citiesCreated: number;
}

export interface IncomingRow {
  at: number;
  raw: RawMemberRow;
}

const REQUIRED_COLUMNS = ['external_id', 'email', 'name', 'city', 'locale', 'registered_on'];
const COLUMN_ALIASES: Record<string, string> = { registered_at: 'registered_on', province_name: 'province' };
const MAX_LISTED_REJECTIONS = 1000;

@Injectable()
export class MemberImportService {
  private readonly logger = new Logger(MemberImportService.name);

  constructor(private readonly members: MembersRepository) {}

  /** Imports a CSV file (UTF-8, header row) streamed from `source`. */
  importCsv(source: Readable): Promise<ImportReport> {
    let header: string[] = [];
    const parser = parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
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
          throw new BadRequestException(
            `The CSV header lacks ${missing.join(', ')}. Expected columns: ${REQUIRED_COLUMNS.join(', ')}, ` +
              'and optionally province, forum_posts, honorary.',
          );
        }
        return header;
      },
    });
    source.on('error', (e) => parser.destroy(e));
    const rows = (async function* () {
      for await (const { record, info } of source.pipe(parser) as AsyncIterable<{
        record: RawMemberRow;
        info: { lines: number };
      }>) {
        yield { at: info.lines, raw: record };
      }
    })();
    return this.importRows(rows);
  }

  /**
   * Checks every row, streams the good ones into a staging table with COPY and
   * applies them in one set-based upsert. One transaction: a crash or error at
   * any point leaves the members table as it was.
   */
  async importRows(rows: AsyncIterable<IncomingRow>): Promise<ImportReport> {
    const started = Date.now();
    const rejections: Rejection[] = [];
    const seenIds = new Map<string, number>();
    const seenEmails = new Map<string, number>();
    let received = 0;
    let batch = '';

    const db = this.members.runner();
    await db.connect();
    try {
      await db.startTransaction();
      await this.members.lockImports(db);
      await this.members.createStaging(db);
      const copy = await this.members.copyIntoStaging(db);
      const copyDone = finished(copy);
      copyDone.catch(() => undefined);
      try {
        for await (const { at, raw } of rows) {
          received += 1;
          const checked = checkMemberRow(raw);
          if (!checked.ok) {
            rejections.push({ at, externalId: stringOrUndefined(raw.external_id), reason: checked.reason });
            continue;
          }
          const { row } = checked;
          const email = row.email.toLowerCase();
          const firstId = seenIds.get(row.externalId);
          const firstEmail = seenEmails.get(email);
          if (firstId !== undefined || firstEmail !== undefined) {
            const what = firstId !== undefined ? `external_id ${row.externalId}` : `email ${row.email}`;
            rejections.push({
              at,
              externalId: row.externalId,
              reason: `duplicate ${what}, first seen at ${firstId ?? firstEmail}`,
            });
            continue;
          }
          seenIds.set(row.externalId, at);
          seenEmails.set(email, at);
          // One COPY message per ~64 KiB instead of per row: a million small socket writes cost more than the parsing.
          batch += stagingLine(at, row);
          if (batch.length >= 65_536) {
            const more = copy.write(batch);
            batch = '';
            if (!more) await once(copy, 'drain');
          }
        }
      } catch (error) {
        copy.destroy();
        throw error;
      }
      copy.end(batch);
      await copyDone;
      const copiedAt = Date.now();

      for (const f of await this.members.removeForeignEmails(db)) {
        rejections.push({
          at: f.at,
          externalId: f.externalId,
          reason: `email already belongs to member ${f.ownerExternalId}`,
        });
      }
      const citiesCreated = await this.members.createMissingCities(db);
      const checkedAt = Date.now();
      const { inserted, updated } = await this.members.upsertFromStaging(db);
      await db.commitTransaction();
      const phases = `read+copy ${copiedAt - started} ms, checks ${checkedAt - copiedAt} ms, upsert ${Date.now() - checkedAt} ms`;

      rejections.sort((a, b) => a.at - b.at);
      const report: ImportReport = {
        received,
        inserted,
        updated,
        unchanged: received - rejections.length - inserted - updated,
        rejected: rejections.length,
        rejections: rejections.slice(0, MAX_LISTED_REJECTIONS),
        citiesCreated,
      };
      this.logger.log(
        `Imported members in ${Date.now() - started} ms: ${received} received, ${inserted} new, ${updated} updated, ` +
          `${report.unchanged} unchanged, ${report.rejected} rejected, ${citiesCreated} new cities (${phases})`,
      );
      return report;
    } catch (error) {
      if (db.isTransactionActive) await db.rollbackTransaction().catch(() => undefined);
      if (isCsvError(error)) {
        throw new BadRequestException(`The file is not valid CSV: ${error.message}`);
      }
      throw error;
    } finally {
      await db.release();
    }
  }
}

function stringOrUndefined(v: unknown): string | undefined {
  return v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim();
}

function isCsvError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
}
