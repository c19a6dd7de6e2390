import { MigrationInterface, QueryRunner } from 'typeorm';

export class MembersAndCities1763850000000 implements MigrationInterface {
  name = 'MembersAndCities1763850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cities (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
        province    text CHECK (length(province) <= 200),
        time_zone   text NOT NULL DEFAULT 'Asia/Shanghai' CHECK (time_zone ~ '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$'),
        population  integer CHECK (population > 0),
        geonames_id integer CONSTRAINT cities_geonames_id_key UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX cities_name_key ON cities (lower(name))`);

    await db.query(`
      CREATE TABLE product_areas (
        id      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        slug    text NOT NULL CONSTRAINT product_areas_slug_key UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
        name_en text NOT NULL CHECK (btrim(name_en) <> ''),
        name_zh text NOT NULL CHECK (btrim(name_zh) <> '')
      )`);

    await db.query(`
      CREATE TABLE members (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        external_id      text NOT NULL CONSTRAINT members_external_id_key UNIQUE
                           CHECK (btrim(external_id) <> '' AND length(external_id) <= 100),
        email            text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 254),
        name             text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
        city_id          integer NOT NULL REFERENCES cities (id) ON DELETE RESTRICT,
        locale           text NOT NULL CHECK (locale IN ('zh-CN', 'en')),
        registered_on    date NOT NULL,
        forum_posts      integer NOT NULL DEFAULT 0 CHECK (forum_posts >= 0),
        honorary         boolean NOT NULL DEFAULT false,
        unsubscribed_at  timestamptz,
        invited_count    integer NOT NULL DEFAULT 0 CHECK (invited_count >= 0),
        attended_count   integer NOT NULL DEFAULT 0 CHECK (attended_count >= 0),
        no_show_count    integer NOT NULL DEFAULT 0 CHECK (no_show_count >= 0),
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX members_email_key ON members (lower(email))`);
    // Members of a city: ranking, invitee selection and the city filter of the member list.
    await db.query(`CREATE INDEX members_city_id_idx ON members (city_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE members`);
    await db.query(`DROP TABLE product_areas`);
    await db.query(`DROP TABLE cities`);
  }
}
