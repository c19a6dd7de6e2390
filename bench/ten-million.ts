/**
 * Figures at the forum's scale (issue 18): 10,000,000 members, one city of 1,000,000.
 * Seeds once (set-based, bench/support/member-seed.ts; the seed time is a figure too), then runs the
 * measurements of bench/city-ranking.ts, bench/invitee-selection.ts and bench/member-search.ts on
 * it, through the app's services, each beside its baseline from the same run:
 *   ranking p95 ≤ 20 ms (baseline: the same ranking from a GROUP BY over members);
 *   invitee selection in the 1,000,000-member city p95 ≤ 100 ms (baseline: the one-step sort);
 *   member search p95 ≤ 50 ms, worst case (baseline: the same search with index scans off).
 *
 *   npx ts-node -T bench/ten-million.ts [members=10000000] [runs=200]
 */
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { CityGazetteerService } from '../src/cities/city-gazetteer.service';
import { loadEnvironment } from '../src/config/environment';
import { heldMeetupsAndChurn, measureRanking } from './city-ranking';
import { measureSelection } from './invitee-selection';
import { measureSearch } from './member-search';
import { machine, seconds, startBenchDatabase } from './support/bench-database';
import { seedMembers } from './support/member-seed';
import { Figure, reportFigure } from './support/figures';
import { load } from './support/timing';

const MEMBERS = Number(process.argv[2] ?? 10_000_000);
const RUNS = Number(process.argv[3] ?? 200);
const say = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main() {
  const db = await startBenchDatabase();
  const env = loadEnvironment({
    DATABASE_URL: db.url,
    LOG_LEVEL: 'error',
    JOBS_WORKERS: 'false',
    SMTP_SINK_PORT: '0',
  });
  const app = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
    logger: ['error'],
  });
  try {
    const ds = app.get(DataSource);
    say(`machine: ${machine()}; load average ${load()}`);
    const seed = await seedMembers(ds, app.get(CityGazetteerService), MEMBERS, {
      bigCity: Math.round(MEMBERS / 10),
      progress: (line) => say(`  seed: ${line}`),
    });
    const [{ size }] = await ds.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
    const p = seed.phases;
    say(
      `seeded ${MEMBERS.toLocaleString('en')} members in ${seed.cities} gazetteer cities ` +
        `(${seed.bigCityMembers.toLocaleString('en')} in the biggest) in ${seconds(seed.totalMs)} s: ` +
        `cities ${seconds(p.cities)} s, insert ${seconds(p.insert)} s, indexes and foreign key ${seconds(p.rebuild)} s, ` +
        `vacuum + analyse ${seconds(p.vacuum)} s; database ${size}; load average ${load()}`,
    );
    const t = Date.now();
    await heldMeetupsAndChurn(ds, 997, 1009);
    await ds.query('ANALYZE members');
    say(
      `held meetups in every tenth city, ~1 ‰ unsubscribed and ~1 ‰ moved after the load: ${seconds(Date.now() - t)} s`,
    );

    const figures: Figure[] = [];
    /** A p95 in ms beside its baseline's p95 (ratio: how many times faster), against a p95 ceiling. */
    const figure = (name: string, p95: number, baseline: string, baselineP95: number, ceiling: number) =>
      figures.push({
        figure: `${name} p95 (ms), ${MEMBERS.toLocaleString('en')} members`,
        value: Math.round(p95 * 10) / 10,
        baseline: { name: `${baseline} p95`, value: Math.round(baselineP95 * 10) / 10 },
        ratio: Math.round((baselineP95 / p95) * 10) / 10,
        target: `p95 ≤ ${ceiling} ms`,
        met: p95 <= ceiling,
      });
    let failed = false;

    let before = load();
    const ranking = await measureRanking(app, (sql) => ds.query(sql), RUNS, 10);
    say(
      `ranking: p50 ${ranking.keptP50.toFixed(1)} ms, p95 ${ranking.keptP95.toFixed(1)} ms over ${RUNS} calls ` +
        `(Node CPU ${ranking.keptCpuMs.toFixed(2)} ms a call); ` +
        `GROUP BY p95 ${ranking.naiveP95.toFixed(1)} ms over ${ranking.naiveCalls}; same ranking: ${ranking.same ? 'yes' : 'NO'}; ` +
        `recount (${ranking.recountMs} ms): ${ranking.mismatches === 0 ? 'equal' : `${ranking.mismatches} cities DIFFER`}; ` +
        `load ${before} → ${load()}`,
    );
    failed ||= !ranking.same || ranking.mismatches > 0;
    figure(`city ranking (${seed.cities} cities)`, ranking.keptP95, 'GROUP BY members', ranking.naiveP95, 20);

    const [{ id: meetupId }] = await ds.query(
      `INSERT INTO meetups (city_id, title, venue, starts_at, ends_at, rsvp_deadline, status)
       VALUES ($1, 'Bench meetup', 'Hall', now() + interval '14 days', now() + interval '14 days 3 hours',
               now() + interval '10 days', 'scheduled')
       RETURNING id`,
      [seed.bigCityId],
    );
    const [{ members: inCity }] = await ds.query(`SELECT count(*)::int AS members FROM members WHERE city_id = $1`, [
      seed.bigCityId,
    ]);
    before = load();
    const selection = await measureSelection(app, meetupId, Math.max(50, Math.floor(RUNS / 2)), 10);
    for (const r of selection.byK) {
      say(
        `invitee selection k=${r.k} (city of ${Number(inCity).toLocaleString('en')}): p50 ${r.p50.toFixed(1)} ms, ` +
          `p95 ${r.p95.toFixed(1)} ms; proposal p95 ${r.proposalP95.toFixed(1)} ms; one-step p95 ${r.baselineP95.toFixed(1)} ms; ` +
          `same rows: ${r.same ? 'yes' : 'NO'}; index rows step 1 ${r.steps.walk ?? '?'}, step 2 ${r.steps.range ?? '?'}; ` +
          `SQL alone ${r.sqlMs.toFixed(1)} ms`,
      );
      failed ||= !r.same;
      figure(
        `invitee selection k=${r.k}, city of ${Number(inCity).toLocaleString('en')}`,
        r.p95,
        'one-step sort',
        r.baselineP95,
        100,
      );
      figure(`invitation proposal k=${r.k} (page/API)`, r.proposalP95, 'one-step sort', r.baselineP95, 100);
    }
    say(`selection walks members_invitee_rank_idx ${selection.walksIndex}×; load ${before} → ${load()}`);
    failed ||= selection.walksIndex < 2;

    before = load();
    const search = await measureSearch(app, RUNS, { commonFamilyName: '王', scanRounds: 5 });
    for (const c of search) {
      say(
        `search ${c.label}: p50 ${c.p50.toFixed(2)} ms, p95 ${c.p95.toFixed(2)} ms; no-index p95 ${c.naiveP95.toFixed(1)} ms`,
      );
      figure(`member search: ${c.label}`, c.p95, 'index scans off', c.naiveP95, 50);
    }
    say(`search load ${before} → ${load()}`);

    console.log(
      `\n${MEMBERS.toLocaleString('en')} members; seed ${seconds(seed.totalMs)} s; load average now ${load()}`,
    );
    for (const f of figures) {
      reportFigure(f);
      console.log(
        `${f.figure}: ${f.value} | ${f.baseline!.name} ${f.baseline!.value} | ${f.ratio}× | ${f.target} | ` +
          (f.met ? 'MET' : 'MISSED'),
      );
    }
    // A missed target is a row of the table; wrong answers (rankings, rows, counts) fail the run.
    if (failed) process.exitCode = 1;
  } finally {
    await app.close();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
