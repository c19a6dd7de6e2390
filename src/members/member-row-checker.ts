import { Transform, TransformCallback } from 'node:stream';
import { normaliseCityName, unknownCityText, type CityNameIndex } from '../cities/city-name';
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

/** A city name no city goes by, seen in an import that may create unverified cities. */
export interface UnknownCity {
  name: string;
  province: string | null;
}

/**
 * Object stream in (IncomingRow), COPY text out. Checks each row, resolves its
 * city through the import's CityNameIndex (which remembers each distinct name),
 * keeps the first of duplicate external ids / emails, and emits ~64 KiB chunks:
 * one COPY message per row would cost more than the parsing.
 */
export class MemberRowChecker extends Transform {
  readonly rejections: Rejection[] = [];
  /** Unknown city names, first spelling each, when the import may create unverified cities. */
  readonly unknownCities = new Map<string, UnknownCity>();
  received = 0;
  private readonly seenIds = new Map<string, number>();
  private readonly seenEmails = new Map<string, number>();
  private readonly refusedCities = new Map<string, string>();
  private batch = '';

  constructor(
    private readonly cities: CityNameIndex,
    private readonly createUnverifiedCities = false,
  ) {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 1024 });
  }

  /** The row's city id; null when it is unknown and may be created; a reason when it is refused. */
  private cityOf(name: string, province: string | null): number | null | { reason: string } {
    const id = this.cities.cityIdOf(name);
    if (id !== null) return id;
    // A name of only punctuation and spaces has no key: no city can be made of it.
    if (this.createUnverifiedCities && normaliseCityName(name) !== '') {
      if (!this.unknownCities.has(name)) this.unknownCities.set(name, { name, province });
      return null;
    }
    let reason = this.refusedCities.get(name);
    if (reason === undefined) {
      reason = unknownCityText(name, this.cities.nearest(name));
      this.refusedCities.set(name, reason);
    }
    return { reason };
  }

  override _transform({ at, raw }: IncomingRow, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += 1;
    const checked = checkMemberRow(raw);
    if (!checked.ok) {
      this.rejections.push({ at, externalId: stringOrUndefined(raw.external_id), reason: checked.reason });
      return done();
    }
    const { row } = checked;
    const cityId = this.cityOf(row.city, row.province);
    if (cityId !== null && typeof cityId === 'object') {
      this.rejections.push({ at, externalId: row.externalId, reason: cityId.reason });
      return done();
    }
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
    this.batch += stagingLine(at, row, cityId);
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
