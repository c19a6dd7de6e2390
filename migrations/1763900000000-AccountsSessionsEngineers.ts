import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsSessionsEngineers1763900000000 implements MigrationInterface {
  name = 'AccountsSessionsEngineers1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE engineers (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        engineer_code text NOT NULL CONSTRAINT engineers_engineer_code_key UNIQUE CHECK (engineer_code ~ '^E[0-9]{3,6}$'),
        name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
        home_city_id  integer CONSTRAINT engineers_home_city_id_fkey REFERENCES cities (id) ON DELETE SET NULL,
        availability  text NOT NULL DEFAULT '' CHECK (length(availability) <= 500),
        active        boolean NOT NULL DEFAULT true,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE engineer_product_areas (
        engineer_id     integer NOT NULL CONSTRAINT engineer_product_areas_engineer_id_fkey REFERENCES engineers (id) ON DELETE CASCADE,
        product_area_id integer NOT NULL CONSTRAINT engineer_product_areas_product_area_id_fkey REFERENCES product_areas (id) ON DELETE CASCADE,
        CONSTRAINT engineer_product_areas_pkey PRIMARY KEY (engineer_id, product_area_id)
      )`);
    // Engineers by product area, for matching engineers to questions.
    await db.query(
      `CREATE INDEX engineer_product_areas_product_area_id_idx ON engineer_product_areas (product_area_id)`,
    );

    await db.query(`
      CREATE TABLE accounts (
        id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email         text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
        name          text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
        role          text NOT NULL CHECK (role IN ('admin', 'staff', 'engineer', 'steward')),
        password_hash text NOT NULL,
        locale        text NOT NULL DEFAULT 'en' CHECK (locale IN ('zh-CN', 'en')),
        engineer_id   integer CONSTRAINT accounts_engineer_id_key UNIQUE
                        CONSTRAINT accounts_engineer_id_fkey REFERENCES engineers (id) ON DELETE RESTRICT,
        disabled_at   timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT accounts_engineer_role_check CHECK ((role = 'engineer') = (engineer_id IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email))`);

    await db.query(`
      CREATE TABLE api_tokens (
        id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account_id   integer NOT NULL CONSTRAINT api_tokens_account_id_fkey REFERENCES accounts (id) ON DELETE CASCADE,
        label        text NOT NULL CHECK (btrim(label) <> '' AND length(label) <= 100),
        token_hash   text NOT NULL CONSTRAINT api_tokens_token_hash_key UNIQUE,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      )`);

    // Failed and successful sign-ins; the rate limit counts recent failures here, so every app instance agrees.
    await db.query(`
      CREATE TABLE sign_in_attempts (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email      text NOT NULL,
        ip         text NOT NULL,
        succeeded  boolean NOT NULL,
        at         timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX sign_in_attempts_email_at_idx ON sign_in_attempts (lower(email), at)`);
    await db.query(`CREATE INDEX sign_in_attempts_ip_at_idx ON sign_in_attempts (ip, at)`);

    // The table connect-pg-simple expects, so sessions are shared by every app instance.
    await db.query(`
      CREATE TABLE sessions (
        sid    varchar NOT NULL CONSTRAINT sessions_pkey PRIMARY KEY,
        sess   json NOT NULL,
        expire timestamp(6) NOT NULL
      )`);
    await db.query(`CREATE INDEX sessions_expire_idx ON sessions (expire)`);

    // Member search. Names by prefix (Chinese names start with the family name; any collation), names
    // by inner fragment of three or more Latin letters (trigrams), emails by prefix, external ids exactly.
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`CREATE INDEX members_name_prefix_idx ON members (lower(name) text_pattern_ops)`);
    await db.query(`CREATE INDEX members_name_trgm_idx ON members USING gin (lower(name) gin_trgm_ops)`);
    // text_pattern_ops serves both the unique check (=) and email-prefix search (LIKE 'x%') in any collation.
    await db.query(`DROP INDEX members_email_key`);
    await db.query(`CREATE UNIQUE INDEX members_email_key ON members (lower(email) text_pattern_ops)`);
    // The member list pages newest first within a city: (city_id, id) serves the filter and the keyset together.
    await db.query(`DROP INDEX members_city_id_idx`);
    await db.query(`CREATE INDEX members_city_id_idx ON members (city_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX members_city_id_idx`);
    await db.query(`CREATE INDEX members_city_id_idx ON members (city_id)`);
    await db.query(`DROP INDEX members_email_key`);
    await db.query(`CREATE UNIQUE INDEX members_email_key ON members (lower(email))`);
    await db.query(`DROP INDEX members_name_trgm_idx`);
    await db.query(`DROP INDEX members_name_prefix_idx`);
    await db.query(`DROP TABLE sessions`);
    await db.query(`DROP TABLE sign_in_attempts`);
    await db.query(`DROP TABLE api_tokens`);
    await db.query(`DROP TABLE accounts`);
    await db.query(`DROP TABLE engineer_product_areas`);
    await db.query(`DROP TABLE engineers`);
  }
}
