import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AliasKind, normaliseCityName } from './city-name';
import { AliasRow, CityNamesRepository } from './city-names.repository';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/project-root';
import type { GazetteerCity } from './gazetteer/gazetteer-city';

/**
 * The committed data file, read from the source tree as views are: the build compiles `.ts` files
 * only, so a JSON import would be missing from dist/.
 */
export const GAZETTEER: GazetteerCity[] = JSON.parse(
  readFileSync(join(projectRoot(), 'src', 'cities', 'gazetteer', 'china-cities.json'), 'utf8'),
);

interface ExistingCity {
  id: number;
  code: string | null;
  geonames_id: number | null;
  name: string;
}

/** The spellings of a gazetteer city, strongest kind first. */
export function gazetteerNames(c: GazetteerCity): { alias: string; kind: AliasKind }[] {
  return [
    { alias: c.nameZh, kind: 'name' as const },
    { alias: c.nameEn, kind: 'name' as const },
    { alias: c.fullNameZh, kind: 'alias' as const },
    ...c.aliases.map((alias) => ({ alias, kind: 'alias' as const })),
    { alias: c.pinyin, kind: 'pinyin' as const },
    ...c.counties.map((alias) => ({ alias, kind: 'county' as const })),
  ];
}

/**
 * Loads the committed gazetteer (china-cities.json) into cities and
 * city_aliases, idempotently: a city already there (same code, GeoNames id or
 * name) is updated, a missing one inserted, and a spelling that already names a
 * city keeps naming it, so merges made by staff survive a reload.
 */
@Injectable()
export class CityGazetteerService {
  private readonly logger = new Logger('CityGazetteer');

  constructor(
    private readonly dataSource: DataSource,
    private readonly names: CityNamesRepository,
  ) {}

  /** The committed gazetteer's cities. */
  cities(): GazetteerCity[] {
    return GAZETTEER;
  }

  async load(): Promise<{ inserted: number; updated: number; aliases: number }> {
    const started = Date.now();
    const result = await this.dataSource.transaction(async (m) => {
      // Several instances may start at once.
      await m.query('SELECT pg_advisory_xact_lock(472911003)');
      const ids = await this.upsertCities(m);
      const rows: AliasRow[] = [];
      const seen = new Set<string>();
      const ranked = GAZETTEER.flatMap((c) => gazetteerNames(c).map((n) => ({ ...n, cityId: ids.get(c.code)! })));
      // Strongest kind first over the whole gazetteer, so a city's name is never another's county.
      const order: AliasKind[] = ['name', 'alias', 'pinyin', 'county'];
      ranked.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
      for (const r of ranked) {
        const normalised = normaliseCityName(r.alias);
        if (!normalised || seen.has(normalised)) continue;
        seen.add(normalised);
        rows.push({ ...r, normalised });
      }
      return { ...ids.counts, aliases: await this.names.add(m, rows) };
    });
    this.logger.log(
      `Gazetteer: ${GAZETTEER.length} cities (${result.inserted} new, ${result.updated} updated), ` +
        `${result.aliases} new aliases in ${Date.now() - started} ms`,
    );
    return result;
  }

  private async upsertCities(m: EntityManager) {
    const existing: ExistingCity[] = await m.query('SELECT id, code, geonames_id, name FROM cities');
    const byCode = new Map(existing.filter((c) => c.code).map((c) => [c.code!, c]));
    const byGeonames = new Map(existing.filter((c) => c.geonames_id).map((c) => [c.geonames_id!, c]));
    const byName = new Map(existing.map((c) => [c.name.toLowerCase(), c]));
    const ids = new Map<string, number>();
    const matched = new Set<number>();
    const fresh: GazetteerCity[] = [];
    const known: { id: number; city: GazetteerCity }[] = [];
    for (const c of GAZETTEER) {
      const found =
        byCode.get(c.code) ??
        (c.geonamesId ? byGeonames.get(c.geonamesId) : undefined) ??
        [c.nameEn, ...c.aliases].map((n) => byName.get(n.toLowerCase())).find((x) => x && !x.code);
      if (found && !matched.has(found.id)) {
        matched.add(found.id);
        known.push({ id: found.id, city: c });
      } else fresh.push(c);
    }
    const columns = (list: GazetteerCity[]) => [
      list.map((c) => c.code),
      list.map((c) => c.nameZh),
      list.map((c) => c.provinceEn),
      list.map((c) => c.provinceZh),
      list.map((c) => c.timeZone),
      list.map((c) => c.population),
      list.map((c) => c.latitude),
      list.map((c) => c.longitude),
      list.map((c) => c.geonamesId),
    ];
    const types = `$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::float8[], $9::int[]`;
    // An UPDATE answers [rows, affected count] through TypeORM.
    const [, updated]: [unknown, number] = known.length
      ? await m.query(
          `UPDATE cities c
              SET code = g.code, name_zh = g.name_zh, province = g.province, province_zh = g.province_zh,
                  time_zone = g.time_zone, population = g.population, latitude = g.latitude,
                  longitude = g.longitude, geonames_id = g.geonames_id, unverified = false
             FROM unnest(${types}, $10::int[])
                  AS g(code, name_zh, province, province_zh, time_zone, population, latitude, longitude, geonames_id, id)
            WHERE c.id = g.id
              AND (c.code, c.name_zh, c.province, c.province_zh, c.time_zone, c.population, c.latitude, c.longitude,
                   c.geonames_id, c.unverified)
                  IS DISTINCT FROM (g.code, g.name_zh, g.province, g.province_zh, g.time_zone, g.population,
                   g.latitude, g.longitude, g.geonames_id, false)
`,
          [...columns(known.map((k) => k.city)), known.map((k) => k.id)],
        )
      : [[], 0];
    for (const k of known) ids.set(k.city.code, k.id);
    const inserted: { id: number; code: string }[] = fresh.length
      ? await m.query(
          `INSERT INTO cities (code, name_zh, province, province_zh, time_zone, population, latitude, longitude,
                               geonames_id, name)
           SELECT * FROM unnest(${types}, $10::text[])
           RETURNING id, code`,
          [...columns(fresh), fresh.map((c) => c.nameEn)],
        )
      : [];
    for (const r of inserted) ids.set(r.code, r.id);
    return Object.assign(ids, { counts: { inserted: inserted.length, updated } });
  }
}
