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

export function stagingLine(at: number, row: MemberRow): string {
  return (
    [
      String(at),
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
        at integer NOT NULL, external_id text NOT NULL, email text NOT NULL, name text NOT NULL,
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

  /** Cities named in the import that do not exist yet, matched case-insensitively (cities_name_key). */
  async createMissingCities(db: QueryRunner): Promise<number> {
    const created: unknown[] = await db.query(`
      INSERT INTO cities (name, province)
      SELECT DISTINCT ON (lower(city)) city, province
        FROM member_import
       ORDER BY lower(city), at
      ON CONFLICT ((lower(name))) DO NOTHING
      RETURNING id`);
    return created.length;
  }

  /**
   * One set-based upsert by external id. A row equal to what is stored is not
   * touched, so re-importing a file changes nothing (not even updated_at).
   */
  async upsertFromStaging(db: QueryRunner): Promise<UpsertCounts> {
    const [counts]: { inserted: string; updated: string }[] = await db.query(`
      WITH upserted AS (
        INSERT INTO members AS m (external_id, email, name, city_id, locale, registered_on, forum_posts, honorary)
        SELECT s.external_id, s.email, s.name, c.id, s.locale, s.registered_on, s.forum_posts, s.honorary
          FROM member_import s
          JOIN cities c ON lower(c.name) = lower(s.city)
        ON CONFLICT (external_id) DO UPDATE
           SET email = excluded.email, name = excluded.name, city_id = excluded.city_id,
               locale = excluded.locale, registered_on = excluded.registered_on,
               forum_posts = excluded.forum_posts, honorary = excluded.honorary, updated_at = now()
         WHERE (m.email, m.name, m.city_id, m.locale, m.registered_on, m.forum_posts, m.honorary)
               IS DISTINCT FROM
               (excluded.email, excluded.name, excluded.city_id, excluded.locale, excluded.registered_on,
                excluded.forum_posts, excluded.honorary)
        RETURNING (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
        FROM upserted`);
    return { inserted: Number(counts.inserted), updated: Number(counts.updated) };
  }

  /** Serialises imports, so two uploads never race on the same emails. */
  async lockImports(db: QueryRunner): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock(472911002)');
  }

  runner(): QueryRunner {
    return this.dataSource.createQueryRunner();
  }
}
