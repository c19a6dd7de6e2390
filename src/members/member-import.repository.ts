import { Injectable } from '@nestjs/common';
import { QueryRunner } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';

/** Where each member field sits in the CSV: the raw staging table's column, or null when the file has none. */
export type MemberColumns = Record<
  'external_id' | 'email' | 'name' | 'city' | 'province' | 'locale' | 'registered_on' | 'forum_posts' | 'honorary',
  string | null
>;

/** A raw row the SQL checks could not pass, trimmed, for checkMemberRow to judge. */
export interface RecheckRow {
  at: number;
  external_id: string;
  email: string;
  name: string;
  city: string;
  province: string;
  locale: string;
  registered_on: string;
  forum_posts: string;
  honorary: string;
}

export interface StagedRowRef {
  at: number;
  external_id: string;
  email: string;
  city: string;
}

/**
 * The CSV import's SQL: the file's records COPYed as text (PostgreSQL parses the CSV), then
 * checked set-based into `member_import` (MembersRepository's staging table). The checks here
 * only *pass* rows: a row they do not pass goes back to checkMemberRow in Node, so every
 * refusal keeps its exact wording, and a row is never passed here that checkMemberRow would
 * refuse. Parameter $1: today (UTC); the checks read the fields as `t.<field>`.
 */
@Injectable()
export class MemberImportRepository {
  /** One text column per CSV column (c1…cN), and the line the record starts on. */
  async createRawStaging(db: QueryRunner, columns: number): Promise<void> {
    const cols = Array.from({ length: columns }, (_, k) => `c${k + 1} text`).join(', ');
    await db.query(
      `CREATE TEMP TABLE member_import_raw (at integer NOT NULL, spaced boolean NOT NULL, ${cols}) ON COMMIT DROP`,
    );
    // The checks hash a million names and emails: room to do it in memory (one import runs at a time).
    await db.query(`SET LOCAL work_mem = '128MB'`);
  }

  async copyIntoRaw(db: QueryRunner): Promise<Writable> {
    const client = (await db.connect()) as PoolClient;
    return client.query(copyFrom('COPY member_import_raw FROM STDIN (FORMAT csv)'));
  }

  /** Each distinct city as written, untrimmed (null: empty): the import resolves each one once. */
  async distinctCities(db: QueryRunner, cols: MemberColumns): Promise<(string | null)[]> {
    if (!cols.city) return [];
    const rows: { name: string | null }[] = await db.query(
      `SELECT DISTINCT ${cols.city} AS name FROM member_import_raw`,
    );
    return rows.map((r) => r.name);
  }

  /**
   * Stages every raw row the SQL checks pass, with the city id each raw city name resolved to
   * (`cities`: untrimmed name → id, null for none); the rows they do not pass go to
   * member_import_recheck, trimmed. One pass over the raw rows, each trimmed and checked once.
   */
  async stagePassingRows(
    db: QueryRunner,
    cols: MemberColumns,
    today: string,
    cities: { names: string[]; ids: (number | null)[] },
  ): Promise<{ passed: number; held: number }> {
    const fields = Object.entries(cols).map(([name, column]) => `${raw(column)} AS ${name}`);
    await db.query(`CREATE TEMP TABLE member_import_recheck (
      at integer, ${Object.keys(cols).join(' text, ')} text) ON COMMIT DROP`);
    const [counts]: { passed: string; held: string }[] = await db.query(
      `WITH cities AS (
         SELECT * FROM unnest($2::text[], $3::int[]) AS c(name, city_id)
       ),
       checked AS MATERIALIZED (
         SELECT t.*, ${PASSES} AS ok FROM (SELECT at, spaced, ${fields.join(', ')} FROM member_import_raw) t
       ),
       staged AS (
         INSERT INTO member_import
           (at, city_id, external_id, email, name, city, province, locale, registered_on, forum_posts, honorary)
         SELECT t.at, c.city_id, t.external_id, t.email, t.name, t.city, nullif(t.province, ''),
                CASE WHEN t.locale IN (${list(LOCALES_EN)}) THEN 'en' ELSE 'zh-CN' END, t.registered_on::date,
                coalesce(nullif(t.forum_posts, '')::integer, 0), t.honorary IN (${list(HONORARY_TRUE)})
           FROM checked t
           LEFT JOIN cities c ON c.name = t.city
          WHERE t.ok
         RETURNING 1
       ),
       held AS (
         INSERT INTO member_import_recheck
         SELECT at, ${Object.keys(cols).join(', ')} FROM checked WHERE NOT ok
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM staged) AS passed, (SELECT count(*) FROM held) AS held`,
      [today, cities.names, cities.ids],
    );
    return { passed: Number(counts.passed), held: Number(counts.held) };
  }

  /** Opens a cursor over the rows the SQL checks did not pass, in file order. */
  async openRecheck(db: QueryRunner): Promise<void> {
    await db.query('DECLARE member_recheck NO SCROLL CURSOR FOR SELECT * FROM member_import_recheck ORDER BY at');
  }

  nextRecheck(db: QueryRunner, size = 10_000): Promise<RecheckRow[]> {
    return db.query(`FETCH ${size} FROM member_recheck`);
  }

  async closeRecheck(db: QueryRunner): Promise<void> {
    await db.query('CLOSE member_recheck');
  }

  /** Each city name no city goes by, with the province of its first row, in order of first row. */
  unknownCities(db: QueryRunner): Promise<{ city: string; province: string | null }[]> {
    return db.query(`
      SELECT city, province FROM (
        SELECT DISTINCT ON (city) city, province, at FROM member_import WHERE city_id IS NULL ORDER BY city, at
      ) first ORDER BY at`);
  }

  /** Unstages the rows naming one of `names` that no city goes by, for the report. */
  async removeUnknownCities(db: QueryRunner, names: string[]): Promise<StagedRowRef[]> {
    return db.query(
      `WITH removed AS (
         DELETE FROM member_import WHERE city_id IS NULL AND city = ANY($1::text[])
         RETURNING at, external_id, email, city
       )
       SELECT * FROM removed ORDER BY at`,
      [names],
    );
  }

  /**
   * Rows whose external id or email (case-insensitively) another staged row shares, in file
   * order: the only rows the in-file duplicate rule can refuse. Hash aggregates, no index; staged
   * emails are ASCII (checkMemberRow's pattern), so the C collation's lower() (no locale lookups) is exact.
   */
  duplicateCandidates(db: QueryRunner): Promise<StagedRowRef[]> {
    return db.query(`
      SELECT at, external_id, email, city FROM member_import
       WHERE external_id IN (SELECT external_id FROM member_import GROUP BY 1 HAVING count(*) > 1)
          OR lower(email COLLATE "C") IN (SELECT lower(email COLLATE "C") FROM member_import GROUP BY 1 HAVING count(*) > 1)
       ORDER BY at`);
  }

  async removeRows(db: QueryRunner, ats: number[]): Promise<void> {
    if (ats.length === 0) return;
    await db.query(`DELETE FROM member_import s USING unnest($1::int[]) AS r(at) WHERE s.at = r.at`, [ats]);
  }
}

/** A field as COPY read it (an empty field is NULL to COPY, '' to csv-parse). */
const raw = (column: string | null) => (column ? `coalesce(${column}, '')` : `''`);

const LOCALES_EN = ['en', 'EN', 'En', 'eN'];
const LOCALES_ZH = ['zh-CN', 'zh-cn', 'ZH-CN', 'zh_CN', 'zh_cn', 'ZH_CN', 'zh-Cn', 'Zh-CN'];
const HONORARY_TRUE = ['true', 'TRUE', 'True', '1', 'yes', 'Yes', 'YES', 'y', 'Y'];
const HONORARY_FALSE = ['false', 'FALSE', 'False', '0', 'no', 'No', 'NO', 'n', 'N', ''];
const two = (n: number) => String(n).padStart(2, '0');
/** Digits as dates spell them (the upper bound of the years is today, a parameter). */
const YEARS = Array.from({ length: 300 }, (_, k) => String(1990 + k));
const MONTHS = Array.from({ length: 12 }, (_, k) => two(k + 1));
const DAYS = Array.from({ length: 31 }, (_, k) => two(k + 1));
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The rows checkMemberRow surely accepts, and whose values the staging above converts as it
 * would: no field that trimming would change (the scan marks the records with one, `spaced`); lengths by bytes (never fewer than JavaScript's
 * UTF-16 units); an email of the pattern's plainest shape; dates in plain YYYY-MM-DD; forum
 * posts in plain digits; locale and honorary in their common spellings. PostgreSQL's text
 * functions cost about a second per million rows each (a trim with a set of characters, 13 s
 * for nine fields; the full email pattern, 20 s; `right(x, 1)`, 0.8 s a field — hence the
 * scan's `spaced`), so only cheap ones are used: anything else is
 * rechecked in Node, never refused here. CASE keeps the casts behind what makes them safe.
 */
const PASSES = `coalesce(
  NOT t.spaced
  AND t.external_id <> '' AND octet_length(t.external_id) <= 100
  AND t.name <> '' AND octet_length(t.name) <= 200
  AND t.city <> '' AND octet_length(t.city) <= 200
  AND t.locale IN (${list([...LOCALES_EN, ...LOCALES_ZH])})
  AND t.honorary IN (${list([...HONORARY_TRUE, ...HONORARY_FALSE])})
  -- A domain of alphanumeric labels joined by single dots or hyphens, within 64 bytes in all (so no label exceeds 63).
  AND octet_length(t.email) <= 64 AND t.email LIKE '%@%.%'
  AND strpos(t.email, '..') = 0 AND strpos(t.email, '.-') = 0 AND strpos(t.email, '-.') = 0
  AND t.email ~ '^[a-zA-Z0-9._+-]+@[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9]$'
  AND (t.forum_posts = '' OR (octet_length(t.forum_posts) <= 9 AND t.forum_posts ~ '^[0-9]+$'))
  AND CASE WHEN t.registered_on LIKE '____-__-__' AND t.registered_on COLLATE "C" BETWEEN '1990-01-01' AND $1
            AND left(t.registered_on, 4) IN (${list(YEARS)}) AND substr(t.registered_on, 6, 2) IN (${list(MONTHS)})
            AND right(t.registered_on, 2) IN (${list(DAYS)})
       THEN right(t.registered_on, 2) COLLATE "C" <= CASE substr(t.registered_on, 6, 2)
              WHEN '02' THEN CASE WHEN left(t.registered_on, 4)::integer % 4 = 0
                                   AND (left(t.registered_on, 4)::integer % 100 <> 0
                                        OR left(t.registered_on, 4)::integer % 400 = 0) THEN '29' ELSE '28' END
              WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30' ELSE '31' END
       ELSE false END,
  false)`;
