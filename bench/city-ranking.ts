/**
 * Figure: p95 of the city ranking with 1,000,000 members (issue: < 50 ms),
 * next to the same ranking computed by a full GROUP BY over members (the
 * baseline, same run, as a ratio), and the kept counts checked against a recount.
 *
 *   npx ts-node -T bench/city-ranking.ts [members=1000000] [calls=200]
 */
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { CityRankingService } from '../src/cities/city-ranking.service';
import { cityStatsMismatches } from '../src/cities/city-stats-recount';
import { loadEnvironment } from '../src/config/environment';
import { machine, seconds, startBenchDatabase } from './support/bench-database';

const MEMBERS = Number(process.argv[2] ?? 1_000_000);
const CALLS = Number(process.argv[3] ?? 200);
const CITIES = 300;

const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.ceil(ms.length * 0.95) - 1];
const p50 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];

async function timed(calls: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

async function main() {
  const db = await startBenchDatabase();
  try {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    let t = Date.now();
    await client.query(
      `INSERT INTO cities (name, population) SELECT 'City ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 50000 + g * 1000 END
         FROM generate_series(1, $1) g`,
      [CITIES],
    );
    // One statement, so the statement-level trigger aggregates once; skewed so cities differ in size.
    await client.query(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, invited_count, unsubscribed_at)
       SELECT 'b-' || g, 'b' || g || '@example.com', 'Fan ' || g,
              (SELECT min(id) FROM cities) + floor(power(random(), 2) * $2)::int, 'zh-CN', date '2020-01-01',
              CASE WHEN g % 4 = 0 THEN 1 ELSE 0 END, CASE WHEN g % 20 = 0 THEN now() END
         FROM generate_series(1, $1) g`,
      [MEMBERS, CITIES],
    );
    await client.query(`INSERT INTO meetups (city_id, title, starts_at, ends_at, status)
      SELECT id, 'Past', now() - interval '30 days', now() - interval '30 days' + interval '3 hours', 'held'
        FROM cities WHERE id % 10 = 0`);
    // Some churn after the load: unsubscribes and moves, which the counts must follow.
    await client.query(`UPDATE members SET unsubscribed_at = now() WHERE id % 97 = 0 AND unsubscribed_at IS NULL`);
    await client.query(`UPDATE members SET city_id = (SELECT min(id) FROM cities) WHERE id % 101 = 0`);
    await client.query('ANALYZE');
    const loadMs = Date.now() - t;

    const env = loadEnvironment({ DATABASE_URL: db.url, LOG_LEVEL: 'error', JOBS_WORKERS: 'false' });
    const app = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
      logger: ['error'],
    });
    const ranking = app.get(CityRankingService);
    await timed(10, () => ranking.ranking());
    const kept = await timed(CALLS, () => ranking.ranking());
    const naiveCalls = Math.max(10, Math.floor(CALLS / 10));
    const naive = await timed(naiveCalls, () => ranking.rankingRecounted());
    const same = JSON.stringify(await ranking.ranking()) === JSON.stringify(await ranking.rankingRecounted());
    t = Date.now();
    const mismatches = await cityStatsMismatches(async (sql) => (await client.query(sql)).rows);
    const recountMs = Date.now() - t;
    await app.close();
    await client.end();

    const keptP95 = p95(kept);
    const naiveP95 = p95(naive);
    console.log(`machine: ${machine()}`);
    console.log(`members: ${MEMBERS.toLocaleString('en')} in ${CITIES} cities (loaded in ${seconds(loadMs)} s)`);
    console.log(
      `ranking from kept counts: p95 ${keptP95.toFixed(1)} ms, p50 ${p50(kept).toFixed(1)} ms over ${CALLS} calls`,
    );
    console.log(`baseline full GROUP BY over members: p95 ${naiveP95.toFixed(1)} ms over ${naiveCalls} calls`);
    console.log(`ratio: ${(naiveP95 / keptP95).toFixed(1)}× faster`);
    console.log(`same ranking both ways: ${same ? 'yes' : 'NO'}`);
    console.log(
      `recount check (${recountMs} ms): ${mismatches.length === 0 ? 'counts equal a full recount' : `${mismatches.length} cities DIFFER`}`,
    );
    console.log(
      `target: ${MEMBERS >= 1_000_000 ? (keptP95 < 50 ? 'MET' : 'MISSED') : 'n/a'} (p95 < 50 ms at 1,000,000 members)`,
    );
    if (mismatches.length > 0 || !same) process.exitCode = 1;
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
