import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import { Writable } from 'node:stream';
import type { PoolClient } from 'pg';
import { MemberRow } from './member-row';

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

export interface ForeignEmail {
  at: number;
  externalId: string;
  ownerExternalId: string;
}

/** COPY text format: backslash, tab and line breaks are the only special bytes. */
const copyText = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

export function stagingLine(at: number, row: MemberRow, cityId: number | null): string {
  return (
    [
      String(at),
      cityId === null ? '\\N' : String(cityId),
      copyText(row.externalId),
      copyText(row.email),
      copyText(row.name),
      copyText(row.city),
      row.province === null ? '\\N' : copyText(row.province),
      row.locale,
      row.registeredOn,
      String(row.forumPosts),
      row.honorary ? 't' : 'f',
    ].join('\t') + '\n'
  );
}

@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A staging table private to this transaction; dropped at commit or rollback. */
  async createStaging(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TEMP TABLE member_import (
        at integer NOT NULL, city_id integer, external_id text NOT NULL, email text NOT NULL, name text NOT NULL,
        city text NOT NULL, province text, locale text NOT NULL, registered_on date NOT NULL,
        forum_posts integer NOT NULL, honorary boolean NOT NULL
      ) ON COMMIT DROP`);
  }

  async copyIntoStaging(db: QueryRunner): Promise<Writable> {
    const client = (await db.connect()) as PoolClient;
    return client.query(copyFrom('COPY member_import FROM STDIN (FORMAT text)'));
  }

  /**
   * Rows whose email already belongs to another member cannot be applied; they
   * leave the staging table and are reported. Uses members_email_key.
   */
  async removeForeignEmails(db: QueryRunner): Promise<ForeignEmail[]> {
    const rows: { at: number; external_id: string; owner: string }[] = await db.query(`
      WITH removed AS (
        DELETE FROM member_import s
         USING members m
         WHERE lower(m.email) = lower(s.email) AND m.external_id <> s.external_id
        RETURNING s.at, s.external_id, m.external_id AS owner
      )
      SELECT * FROM removed`);
    return rows.map((r) => ({ at: r.at, externalId: r.external_id, ownerExternalId: r.owner }));
  }

  /** Rows naming a city the import created get its id (the first spelling of each name decides). */
  async assignCreatedCities(db: QueryRunner, created: Map<string, number>): Promise<void> {
    if (created.size === 0) return;
    await db.query(
      `UPDATE member_import s SET city_id = t.id
         FROM unnest($1::text[], $2::int[]) AS t(name, id)
        WHERE s.city_id IS NULL AND s.city = t.name`,
      [[...created.keys()], [...created.values()]],
    );
  }

  /**
   * Applies the staging table: changed members are updated, new ones inserted,
   * equal ones not touched (re-importing a file changes nothing, not even
   * updated_at). A bulk load — at least 50,000 new rows and a quarter of the table —
   * drops the secondary indexes and foreign keys of `members` and rebuilds them
   * afterwards, as PostgreSQL's "Populating a Database" advises: maintaining four
   * indexes row by row costs ten times more than rebuilding them. The rebuild
   * re-checks uniqueness; the table is locked for the duration.
   */
  async applyStaging(db: QueryRunner): Promise<UpsertCounts & { bulk: boolean }> {
    await db.query('ANALYZE member_import');
    // Only new rows decide: re-importing a big unchanged file must not lock the table.
    const [size]: { fresh: string; existing: string }[] = await db.query(`
      SELECT (SELECT count(*) FROM member_import s
               WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.external_id = s.external_id)) AS fresh,
             (SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = 'members'::regclass) AS existing`);
    const fresh = Number(size.fresh);
    const bulk = fresh >= 50_000 && fresh >= Number(size.existing) / 4;
    const rebuild = bulk ? await this.dropSecondaryIndexes(db) : [];

    const updated: unknown[] = await db.query(`
      WITH changed AS (
        UPDATE members m
           SET email = s.email, name = s.name, city_id = s.city_id, locale = s.locale, registered_on = s.registered_on,
               forum_posts = s.forum_posts, honorary = s.honorary, updated_at = now()
          FROM member_import s
         WHERE m.external_id = s.external_id
           AND (m.email, m.name, m.city_id, m.locale, m.registered_on, m.forum_posts, m.honorary)
               IS DISTINCT FROM (s.email, s.name, s.city_id, s.locale, s.registered_on, s.forum_posts, s.honorary)
        RETURNING 1
      )
      SELECT count(*) AS n FROM changed`);
    const inserted: unknown[] = await db.query(`
      WITH added AS (
        INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts, honorary)
        SELECT s.external_id, s.email, s.name, s.city_id, s.locale, s.registered_on, s.forum_posts, s.honorary
          FROM member_import s
         WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.external_id = s.external_id)
         ${bulk ? '' : 'ON CONFLICT (external_id) DO NOTHING'}
        RETURNING 1
      )
      SELECT count(*) AS n FROM added`);
    for (const statement of rebuild) await db.query(statement);
    return {
      inserted: Number((inserted[0] as { n: string }).n),
      updated: Number((updated[0] as { n: string }).n),
      bulk,
    };
  }

  /**
   * Drops every index but the primary key, and every outgoing foreign key, of
   * `members`; returns the statements that recreate them exactly as they were
   * (read from the catalog, so later migrations' indexes are kept too).
   */
  private async dropSecondaryIndexes(db: QueryRunner): Promise<string[]> {
    const constraints: { name: string; def: string; kind: string }[] = await db.query(`
      SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype AS kind
        FROM pg_constraint
       WHERE conrelid = 'members'::regclass AND contype IN ('u', 'f', 'x')`);
    const indexes: { name: string; def: string }[] = await db.query(`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = 'members'::regclass AND NOT i.indisprimary
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)`);
    await db.query('LOCK TABLE members IN ACCESS EXCLUSIVE MODE');
    // Index builds (the trigram GIN above all) run several times faster with room to sort in memory.
    await db.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    for (const c of constraints) await db.query(`ALTER TABLE members DROP CONSTRAINT "${c.name}"`);
    for (const i of indexes) await db.query(`DROP INDEX "${i.name}"`);
    return [
      ...indexes.map((i) => i.def),
      ...constraints
        .filter((c) => c.kind !== 'f')
        .map((c) => `ALTER TABLE members ADD CONSTRAINT "${c.name}" ${c.def}`),
      ...constraints
        .filter((c) => c.kind === 'f')
        .map((c) => `ALTER TABLE members ADD CONSTRAINT "${c.name}" ${c.def}`),
    ];
  }

  /** Serialises imports, so two uploads never race on the same emails. */
  async lockImports(db: QueryRunner): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock(472911002)');
  }

  runner(): QueryRunner {
    return this.dataSource.createQueryRunner();
  }
}

export interface MemberSearch {
  q?: string;
  cityId?: number;
  /** Keyset cursor: the last id of the previous page. */
  before?: string;
  limit: number;
}

export interface MemberListRow {
  id: string;
  externalId: string;
  name: string;
  email: string;
  city: string;
  /** The city's Chinese name, for zh-CN readers. */
  cityZh: string | null;
  locale: string;
  registeredOn: string;
  forumPosts: number;
  honorary: boolean;
  unsubscribedAt: Date | null;
  invitedCount: number;
  attendedCount: number;
  noShowCount: number;
}

/** Where a search looks ($1 city, $2 keyset cursor): members_city_id_idx or the primary key. */
const SCOPE = `($1::int IS NULL OR city_id = $1) AND ($2::bigint IS NULL OR id < $2)`;

/**
 * How many of the newest members a search filters before it asks the indexes (see `search`): first
 * `probe`; when that finds SEARCH_FREQUENT_HITS or more (the term is not rare) but not a page, the
 * next `window`. Balanced for 10,000,000 members: a term found fewer times in the probe matches
 * about 0.15 % of members or less (~15,000 rows for the arms to sort), one that leaves a page short
 * in the window about 51 / 20,000 (~25,000), as many rows as the window itself.
 */
export const SEARCH_LIMITS = { probe: 2_000, window: 20_000 };
const SEARCH_FREQUENT_HITS = 3;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const MEMBER_COLUMNS = `m.id::text, m.external_id AS "externalId", m.name, m.email, c.name AS city, c.name_zh AS "cityZh", m.locale,
  m.registered_on::text AS "registeredOn", m.forum_posts AS "forumPosts", m.honorary,
  m.unsubscribed_at AS "unsubscribedAt", m.invited_count AS "invitedCount",
  m.attended_count AS "attendedCount", m.no_show_count AS "noShowCount"`;

@Injectable()
export class MemberQueries {
  /** SEARCH_LIMITS; the e2e test lowers them to walk every path of `search` with a few thousand members. */
  limits = { ...SEARCH_LIMITS };

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest first, keyset-paged. A query matches an exact external id
   * (members_external_id_key), an email prefix (members_email_key), a
   * name prefix (members_name_prefix_idx) or, with three or more Latin letters,
   * a fragment inside the name (members_name_trgm_idx). Each kind is its own
   * index-driven arm of a UNION: one OR over all four would make PostgreSQL scan
   * the table. The city filter and cursor use members_city_id_idx or the key.
   *
   * Newest first over ten million members, without a sort of everything a common term (王, "ang":
   * a few per cent of all members, 317,346 rows) matches: the newest `limits.probe` members in scope
   * are filtered first (primary key or members_city_id_idx, backwards), which a common term fills a
   * page from; a term found a few times there gets the next `limits.window` members; only then, or at
   * once for a term the probe hardly found, are the arms asked for older members — a term that leaves
   * a page short by then is rare enough to sort. A rare term (a person's email, an external id) so
   * reads 2,000 members before its arms, not 20,000.
   * PostgreSQL's own estimates cannot choose between the two: it guessed 954 matches for "ang",
   * which has 15,816 among 10,000,000 members, and 1,000 for an email prefix with 43,103.
   */
  async search({ q, cityId, before, limit }: MemberSearch): Promise<MemberListRow[]> {
    const raw = q?.trim() || null;
    const text = raw?.toLowerCase() ?? null;
    if (!raw || !text) {
      return this.dataSource.query(
        `SELECT ${MEMBER_COLUMNS}
           FROM members m
           JOIN cities c ON c.id = m.city_id
          WHERE ($1::int IS NULL OR m.city_id = $1) AND ($2::bigint IS NULL OR m.id < $2)
          ORDER BY m.id DESC
          LIMIT $3`,
        [cityId ?? null, before ?? null, limit],
      );
    }
    const like = `${escapeLike(text)}%`;
    const inner = /[a-z0-9]{3}/.test(text) ? `%${escapeLike(text)}%` : null;
    // $1 city, $2 cursor, $3 external id, $4 prefix, $5 fragment (null: no trigram arm).
    const arms = [
      `SELECT id FROM members WHERE external_id = $3 AND ${SCOPE}`,
      `SELECT id FROM members WHERE lower(email) LIKE $4 AND ${SCOPE}`,
      `SELECT id FROM members WHERE lower(name) LIKE $4 AND ${SCOPE}`,
      `SELECT id FROM members WHERE $5::text IS NOT NULL AND lower(name) LIKE $5 AND ${SCOPE}`,
    ].join(' UNION ALL ');
    const matching = (cursor: string | null, count: number) =>
      this.dataSource
        .query(`SELECT array(SELECT id FROM (${arms}) a GROUP BY id ORDER BY id DESC LIMIT $6)::text[] AS ids`, [
          cityId ?? null,
          cursor,
          raw,
          like,
          inner,
          count,
        ])
        .then(([row]: { ids: string[] }[]) => row.ids);

    // The newest `size` members in scope below `cursor`, filtered: up to `count` hits, where the window
    // ended, and whether that was every match (a full page, or nobody older left in scope).
    const window = async (cursor: string | null, size: number, count: number) => {
      const [row]: { ids: string[]; low: string | null; complete: boolean }[] = await this.dataSource.query(
        `WITH recent AS (
           SELECT id, external_id, email, name FROM members WHERE ${SCOPE} ORDER BY id DESC LIMIT $7
         ), hits AS (
           SELECT id FROM recent
            WHERE external_id = $3 OR lower(email) LIKE $4 OR lower(name) LIKE $4 OR lower(name) LIKE $5
            ORDER BY id DESC LIMIT $6
         )
         -- A full page stops reading the window early; only a short one needs the window's size and end.
         SELECT array(SELECT id FROM hits ORDER BY id DESC)::text[] AS ids,
                CASE WHEN (SELECT count(*) FROM hits) >= $6 THEN NULL ELSE (SELECT min(id)::text FROM recent) END AS low,
                CASE WHEN (SELECT count(*) FROM hits) >= $6 THEN true ELSE (SELECT count(*) FROM recent) < $7 END
                  AS complete`,
        [cityId ?? null, cursor, raw, like, inner, count, size],
      );
      return row;
    };

    const first = await window(before ?? null, this.limits.probe, limit);
    if (first.complete) return this.byIds(first.ids);
    let { ids, low } = first;
    // A few hits among the newest members: frequent enough for the wider window to fill the page.
    if (ids.length >= SEARCH_FREQUENT_HITS) {
      const wider = await window(low, this.limits.window, limit - ids.length);
      ids = [...ids, ...wider.ids];
      if (wider.complete) return this.byIds(ids);
      low = wider.low;
    }
    // Older than the windows: the oldest member read is the arms' cursor.
    return this.byIds([...ids, ...(await matching(low, limit - ids.length))]);
  }

  /** Members by id, newest first (primary key). */
  private byIds(ids: string[]): Promise<MemberListRow[]> {
    return this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN cities c ON c.id = m.city_id
        WHERE m.id = ANY ($1::bigint[]) ORDER BY m.id DESC`,
      [ids],
    );
  }

  /** Sets the unsubscribe time once; a second request keeps the first time. */
  async unsubscribe(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE members SET unsubscribed_at = coalesce(unsubscribed_at, now()), updated_at = now() WHERE id = $1 RETURNING id
       )
       SELECT id FROM changed`,
      [id],
    );
    return rows.length > 0;
  }

  async findById(id: string): Promise<MemberListRow | null> {
    const rows: MemberListRow[] = await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN cities c ON c.id = m.city_id WHERE m.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The member with this email, case-insensitively (members_email_key). */
  async findByEmail(email: string): Promise<MemberListRow | null> {
    const rows: MemberListRow[] = await this.dataSource.query(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN cities c ON c.id = m.city_id WHERE lower(m.email) = lower($1)`,
      [email],
    );
    return rows[0] ?? null;
  }

  async count(): Promise<number> {
    // The planner's estimate: exact counts of a 10-million-row table are not worth a sequential scan per page view.
    const [row]: { n: string }[] = await this.dataSource.query(
      `SELECT CASE WHEN reltuples < 100000 THEN (SELECT count(*) FROM members) ELSE reltuples::bigint END AS n
         FROM pg_class WHERE oid = 'members'::regclass`,
    );
    return Number(row.n);
  }
}
