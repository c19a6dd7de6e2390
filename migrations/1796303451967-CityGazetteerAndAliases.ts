import { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseCityName } from '../src/cities/city-name';

/**
 * Cities learn the gazetteer's facts (GB/T 2260 code, Chinese names,
 * coordinates) and their aliases: every spelling that names a city, normalised,
 * unique, so one spelling can never name two cities. The gazetteer's rows are
 * loaded by CityGazetteerService (at start and by `npm run cities:gazetteer`);
 * this migration gives the cities that exist today their own names as aliases,
 * so an import matches them as before.
 */
export class CityGazetteerAndAliases1796303451967 implements MigrationInterface {
  name = 'CityGazetteerAndAliases1796303451967';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE cities
        ADD COLUMN code text CONSTRAINT cities_code_key UNIQUE CONSTRAINT cities_code_check CHECK (code ~ '^[0-9]{6}$'),
        ADD COLUMN name_zh text CONSTRAINT cities_name_zh_check CHECK (btrim(name_zh) <> '' AND length(name_zh) <= 200),
        ADD COLUMN province_zh text CONSTRAINT cities_province_zh_check CHECK (length(province_zh) <= 200),
        ADD COLUMN latitude double precision CONSTRAINT cities_latitude_check CHECK (latitude BETWEEN -90 AND 90),
        ADD COLUMN longitude double precision CONSTRAINT cities_longitude_check CHECK (longitude BETWEEN -180 AND 180),
        ADD COLUMN unverified boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE city_aliases (
        id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        city_id     integer NOT NULL CONSTRAINT city_aliases_city_id_fkey REFERENCES cities (id) ON DELETE CASCADE,
        alias       text NOT NULL CONSTRAINT city_aliases_alias_check CHECK (btrim(alias) <> '' AND length(alias) <= 200),
        normalised  text NOT NULL CONSTRAINT city_aliases_normalised_key UNIQUE
                    CONSTRAINT city_aliases_normalised_check CHECK (normalised <> ''),
        kind        text NOT NULL CONSTRAINT city_aliases_kind_check CHECK (kind IN ('name', 'alias', 'pinyin', 'county')),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    // A city page lists its aliases; a merge moves them.
    await db.query(`CREATE INDEX city_aliases_city_id_idx ON city_aliases (city_id)`);

    const cities: { id: number; name: string }[] = await db.query(`SELECT id, name FROM cities ORDER BY id`);
    const seen = new Set<string>();
    const rows = cities
      .map((c) => ({ ...c, key: normaliseCityName(c.name) }))
      .filter((c) => c.key !== '' && !seen.has(c.key) && seen.add(c.key));
    await db.query(
      `INSERT INTO city_aliases (city_id, alias, normalised, kind)
       SELECT id, name, key, 'name' FROM unnest($1::int[], $2::text[], $3::text[]) AS t(id, name, key)`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.key)],
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE city_aliases`);
    await db.query(`
      ALTER TABLE cities DROP COLUMN code, DROP COLUMN name_zh, DROP COLUMN province_zh,
        DROP COLUMN latitude, DROP COLUMN longitude, DROP COLUMN unverified`);
  }
}
