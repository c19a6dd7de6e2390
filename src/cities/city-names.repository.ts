import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { normaliseCityName, type AliasKind, type CityKey, type NamedCity } from './city-name';

export interface AliasRow {
  cityId: number;
  alias: string;
  normalised: string;
  kind: AliasKind;
}

type Db = Pick<EntityManager, 'query'>;

/** The names cities go by: city_aliases (one row per normalised spelling, city_aliases_normalised_key). */
@Injectable()
export class CityNamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every city and every key, to build a CityNameIndex: ~340 cities, ~8,000 keys; read once per import. */
  async everything(db: Db = this.dataSource): Promise<{ cities: NamedCity[]; keys: CityKey[] }> {
    const cities: { id: number; code: string | null; name: string; name_zh: string | null }[] = await db.query(
      'SELECT id, code, name, name_zh FROM cities',
    );
    const keys: { city_id: number; normalised: string; kind: AliasKind }[] = await db.query(
      'SELECT city_id, normalised, kind FROM city_aliases',
    );
    // A city's own names count even without an alias row (cities made by hand or before the aliases).
    const own = cities.flatMap((c) =>
      [c.name, c.name_zh]
        .filter((n): n is string => !!n)
        .map((n) => ({ cityId: c.id, key: normaliseCityName(n), kind: 'name' as const })),
    );
    return {
      cities: cities.map((c) => ({ id: c.id, code: c.code, label: c.name_zh ? `${c.name_zh} ${c.name}` : c.name })),
      keys: [...own, ...keys.map((k) => ({ cityId: k.city_id, key: k.normalised, kind: k.kind }))],
    };
  }

  /** Adds aliases; a spelling that already names a city keeps naming it. Returns how many were added. */
  async add(db: Db, rows: AliasRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const added: unknown[] = await db.query(
      `INSERT INTO city_aliases (city_id, alias, normalised, kind)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (normalised) DO NOTHING
       RETURNING id`,
      [rows.map((r) => r.cityId), rows.map((r) => r.alias), rows.map((r) => r.normalised), rows.map((r) => r.kind)],
    );
    return added.length;
  }

  /**
   * Cities an import names that no city goes by, flagged unverified for staff;
   * each name becomes the new city's alias, so the next import matches it.
   * Spellings with one key make one city. Returns the city id of each spelling.
   */
  async createUnverified(db: Db, names: { name: string; province: string | null }[]): Promise<Map<string, number>> {
    const byKey = new Map<string, { name: string; province: string | null; spellings: string[] }>();
    for (const n of names) {
      const key = normaliseCityName(n.name);
      const entry = byKey.get(key) ?? { ...n, spellings: [] };
      entry.spellings.push(n.name);
      byKey.set(key, entry);
    }
    const entries = [...byKey.entries()].filter(([key]) => key !== '');
    const created: { id: number; name: string }[] = entries.length
      ? await db.query(
          `INSERT INTO cities (name, province, unverified)
           SELECT name, province, true FROM unnest($1::text[], $2::text[]) AS t(name, province)
           ON CONFLICT ((lower(name))) DO UPDATE SET name = cities.name
           RETURNING id, name`,
          [entries.map(([, e]) => e.name), entries.map(([, e]) => e.province)],
        )
      : [];
    const idOf = new Map(created.map((c) => [c.name.toLowerCase(), c.id]));
    const ids = new Map<string, number>();
    const aliases: AliasRow[] = [];
    for (const [key, e] of entries) {
      const cityId = idOf.get(e.name.toLowerCase())!;
      for (const s of e.spellings) ids.set(s, cityId);
      aliases.push({ cityId, alias: e.name, normalised: key, kind: 'name' });
    }
    await this.add(db, aliases);
    return ids;
  }

  /** A city's aliases, names first (city_aliases_city_id_idx). */
  async of(cityId: number): Promise<{ alias: string; kind: AliasKind }[]> {
    return this.dataSource.query(
      `SELECT alias, kind FROM city_aliases WHERE city_id = $1
        ORDER BY array_position(ARRAY['name', 'alias', 'pinyin', 'county'], kind), alias`,
      [cityId],
    );
  }
}
