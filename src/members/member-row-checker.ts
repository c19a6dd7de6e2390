import { Transform, TransformCallback } from 'node:stream';
import { checkMemberRow, RawMemberRow } from './member-row';
import { stagingLine } from './members.repository';

/** A row that was not imported, and why. `at` is the CSV line or the bulk item index. */
export interface Rejection {
  at: number;
  externalId?: string;
  reason: string;
}

export interface IncomingRow {
  at: number;
  raw: RawMemberRow;
}

const BATCH_BYTES = 65_536;

function stringOrUndefined(v: unknown): string | undefined {
  return v === undefined || v === null || String(v).trim() === '' ? undefined : String(v).trim();
}

/**
 * Object stream in (IncomingRow), COPY text out. Checks each row, keeps the
 * first of duplicate external ids / emails, and emits ~64 KiB chunks: one COPY
 * message per row would cost more than the parsing.
 */
export class MemberRowChecker extends Transform {
  readonly rejections: Rejection[] = [];
  received = 0;
  private readonly seenIds = new Map<string, number>();
  private readonly seenEmails = new Map<string, number>();
  private batch = '';

  constructor() {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 1024 });
  }

  override _transform({ at, raw }: IncomingRow, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += 1;
    const checked = checkMemberRow(raw);
    if (!checked.ok) {
      this.rejections.push({ at, externalId: stringOrUndefined(raw.external_id), reason: checked.reason });
      return done();
    }
    const { row } = checked;
    const email = row.email.toLowerCase();
    const firstId = this.seenIds.get(row.externalId);
    const firstEmail = this.seenEmails.get(email);
    if (firstId !== undefined || firstEmail !== undefined) {
      const what = firstId !== undefined ? `external_id ${row.externalId}` : `email ${row.email}`;
      this.rejections.push({
        at,
        externalId: row.externalId,
        reason: `duplicate ${what}, first seen at ${firstId ?? firstEmail}`,
      });
      return done();
    }
    this.seenIds.set(row.externalId, at);
    this.seenEmails.set(email, at);
    this.batch += stagingLine(at, row);
    if (this.batch.length >= BATCH_BYTES) {
      this.push(this.batch);
      this.batch = '';
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.batch) this.push(this.batch);
    done();
  }
}
