import { fakerEN, fakerZH_CN } from '@faker-js/faker';
import { DataSource } from 'typeorm';
import { CityGazetteerService } from '../../src/cities/city-gazetteer.service';

/**
 * A set-based demo seed of many members for the benches (10,000,000 in minutes): the gazetteer's
 * cities through CityGazetteerService, then `INSERT … SELECT generate_series` in chunks of a
 * million rows. The member import (CSV, name matching, checks per row) is what real data goes
 * through; a bench only needs the rows, so this skips it.
 *
 * The schema stays the migrated one: the secondary indexes and the city foreign key of `members`
 * are read from the catalog, dropped for the load and rebuilt from their own definitions after it
 * (checked equal before and after). The statement-level triggers that keep `city_stats` stay on,
 * so the ranking's counts come from the same path as an import's.
 *
 * Skew: the biggest gazetteer city (Shanghai) gets `bigCity` members (1,000,000 of 10,000,000),
 * the others members ∝ population^1.3 (as the demo seed), interleaved over member ids by a
 * multiplicative permutation so a city's members are not one run of ids. Activity as in
 * bench/invitee-selection.ts: forum posts log-uniform up to ~8,000 with a third at zero, 1 %
 * honorary, 12 % attended, 3 % no-shows, a fifth invited before, 5 % within the last 400 days,
 * 4 % unsubscribed, registrations 2012–2026. Names as the demo seed (faker's lists): 85 % Chinese
 * (a third of them one of the ten commonest family names), 15 % English.
 */
export interface SeedReport {
  members: number;
  cities: number;
  bigCityId: number;
  bigCityMembers: number;
  /** Milliseconds per phase. */
  phases: { cities: number; drop: number; insert: number; rebuild: number; vacuum: number };
  totalMs: number;
  indexes: string[];
}

const COMMON_FAMILY_NAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const CHUNK = 1_000_000;
/** Prime and coprime with any member count we use: (g × P) mod N visits 0..N-1 once each. */
const PERMUTE = 2_654_435_761;

/** Exact members per city: the big city first, the rest by largest remainder of population^1.3. */
export function cityShares(populations: (number | null)[], members: number, bigCity: number): number[] {
  const weights = populations.map((p) => Math.pow(p ?? 100_000, 1.3));
  const big = weights.indexOf(Math.max(...weights));
  const rest = members - bigCity;
  const others = weights.reduce((s, w, i) => (i === big ? s : s + w), 0);
  const exact = weights.map((w, i) => (i === big ? bigCity : (rest * w) / others));
  const shares = exact.map(Math.floor);
  let left = members - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i]).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) if (left-- > 0) shares[i]++;
  return shares;
}

async function membersSchema(ds: DataSource) {
  const indexes: { name: string; def: string; constraint: string | null }[] = await ds.query(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def,
            (SELECT 'ALTER TABLE members ADD CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid)
               FROM pg_constraint c WHERE c.conindid = i.oid AND c.conrelid = 'members'::regclass) AS constraint
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indrelid = 'members'::regclass AND NOT x.indisprimary
      ORDER BY i.relname`,
  );
  const foreignKeys: { name: string; def: string }[] = await ds.query(
    `SELECT conname AS name, 'ALTER TABLE members ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid) AS def
       FROM pg_constraint WHERE conrelid = 'members'::regclass AND contype = 'f' ORDER BY conname`,
  );
  return { indexes, foreignKeys };
}

const described = (s: Awaited<ReturnType<typeof membersSchema>>) =>
  [...s.indexes.map((i) => i.def), ...s.foreignKeys.map((f) => f.def)].sort();

export async function seedMembers(
  ds: DataSource,
  gazetteer: CityGazetteerService,
  members: number,
  options: { bigCity?: number; progress?: (line: string) => void } = {},
): Promise<SeedReport> {
  const bigCityMembers = options.bigCity ?? Math.round(members / 10);
  const progress = options.progress ?? (() => undefined);
  const started = Date.now();
  let t = Date.now();
  await gazetteer.load();
  const cities: { id: number; population: number | null }[] = await ds.query(
    `SELECT id, population FROM cities WHERE code IS NOT NULL ORDER BY id`,
  );
  const shares = cityShares(
    cities.map((c) => c.population),
    members,
    bigCityMembers,
  );
  const lows: number[] = [];
  shares.reduce((low, n) => (lows.push(low), low + n), 0);
  const bigCityId = cities[shares.indexOf(bigCityMembers)].id;
  const phases = { cities: Date.now() - t, drop: 0, insert: 0, rebuild: 0, vacuum: 0 };

  // One connection for the session settings, the load and the rebuild.
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET synchronous_commit = off`);
    await runner.query(`SET maintenance_work_mem = '1GB'`);
    await runner.query(`SELECT setseed(0.2012)`);
    t = Date.now();
    const schema = await membersSchema(ds);
    for (const f of schema.foreignKeys) await runner.query(`ALTER TABLE members DROP CONSTRAINT ${f.name}`);
    for (const i of schema.indexes) {
      await runner.query(i.constraint ? `ALTER TABLE members DROP CONSTRAINT ${i.name}` : `DROP INDEX ${i.name}`);
    }
    phases.drop = Date.now() - t;

    t = Date.now();
    const zh = fakerZH_CN.rawDefinitions.person!;
    const en = fakerEN.rawDefinitions.person!;
    const names = [
      COMMON_FAMILY_NAMES,
      (zh.last_name as { generic: string[] }).generic,
      (zh.first_name as { generic: string[] }).generic,
      (en.first_name as { generic: string[] }).generic,
      (en.last_name as { generic: string[] }).generic,
    ];
    for (let from = 1; from <= members; from += CHUNK) {
      const to = Math.min(members, from + CHUNK - 1);
      // random() in an inner select list is drawn once per row (volatile: the subquery is not flattened).
      await runner.query(
        `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts, honorary,
                              attended_count, no_show_count, invited_count, last_invited_at, unsubscribed_at)
         SELECT 'forum-' || (100000 + g),
                lower(($10::text[])[(g % array_length($10::text[], 1))::int + 1]) || '.' || g || '@example.com',
                CASE WHEN english
                     THEN ($10::text[])[1 + floor(n1 * array_length($10::text[], 1))::int] || ' ' ||
                          ($11::text[])[1 + floor(n2 * array_length($11::text[], 1))::int]
                     ELSE CASE WHEN n3 < 0.33 THEN ($7::text[])[1 + floor(n1 * array_length($7::text[], 1))::int]
                               ELSE ($8::text[])[1 + floor(n1 * array_length($8::text[], 1))::int] END ||
                          ($9::text[])[1 + floor(n2 * array_length($9::text[], 1))::int] END,
                ($5::int[])[width_bucket((g * $6::bigint) % $3, $4::bigint[])],
                CASE WHEN english THEN 'en' ELSE 'zh-CN' END,
                date '2012-01-01' + floor(n4 * 5417)::int,
                CASE WHEN n5 < 0.33 THEN 0 ELSE floor(exp(n6 * 9))::int - 1 END,
                n7 < 0.01,
                CASE WHEN a < 0.12 THEN 1 + floor(n8 * 3)::int ELSE 0 END,
                CASE WHEN a < 0.03 THEN 1 + floor(n8 * 2)::int ELSE 0 END,
                CASE WHEN a < 0.20 THEN 1 + floor(n9 * 6)::int ELSE 0 END,
                CASE WHEN a < 0.05 THEN now() - n9 * interval '400 days' END,
                CASE WHEN n10 < 0.04 THEN now() END
           FROM (SELECT g, random() < 0.15 AS english, random() AS a, random() AS n1, random() AS n2,
                        random() AS n3, random() AS n4, random() AS n5, random() AS n6, random() AS n7,
                        random() AS n8, random() AS n9, random() AS n10
                   FROM generate_series($1::bigint, $2::bigint) g) r`,
        [from, to, members, lows, cities.map((c) => c.id), PERMUTE, ...names],
      );
      progress(`members ${to.toLocaleString('en')} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    }
    phases.insert = Date.now() - t;

    t = Date.now();
    for (const i of schema.indexes) {
      await runner.query(i.constraint ?? i.def);
      progress(`rebuilt ${i.name} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    }
    for (const f of schema.foreignKeys) await runner.query(f.def);
    phases.rebuild = Date.now() - t;
    const after = described(await membersSchema(ds));
    if (JSON.stringify(after) !== JSON.stringify(described(schema))) {
      throw new Error(`members' indexes differ from the migrated schema after the seed:\n${after.join('\n')}`);
    }

    t = Date.now();
    // The visibility map lets the invitee walk read members_invitee_rank_idx alone (index-only scan).
    await runner.query(`VACUUM (ANALYZE) members`);
    await runner.query(`ANALYZE`);
    phases.vacuum = Date.now() - t;
    return {
      members,
      cities: cities.length,
      bigCityId,
      bigCityMembers,
      phases,
      totalMs: Date.now() - started,
      indexes: after,
    };
  } finally {
    await runner.release();
  }
}
