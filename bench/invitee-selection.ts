/**
 * Figure: invitee selection in a city of 500,000 members (issue: under 200 ms), through
 * InviteeSelectionService (the two-step walk of members_invitee_rank_idx), next to the baseline
 * measured in the same run: the one-step query that scores every eligible member of the city and
 * sorts (`ORDER BY <full score> DESC, id LIMIT k`). Same rows both ways is checked.
 *
 *   npx ts-node -T bench/invitee-selection.ts [members=500000] [runs=50]
 */
import { NestFactory } from '@nestjs/core';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { InvitationsRepository } from '../src/invitations/core/invitations.repository';
import { InvitationWavesService } from '../src/invitations/selection/invitation-waves.service';
import { InviteeSelectionRepository } from '../src/invitations/selection/invitee-selection.repository';
import { InviteeSelectionService } from '../src/invitations/selection/invitee-selection.service';
import { machine, seconds, startBenchDatabase } from './support/bench-database';

const MEMBERS = Number(process.argv[2] ?? 500_000);
const RUNS = Math.max(50, Number(process.argv[3] ?? 50));
const OTHER_MEMBERS = 100_000;

const sorted = (ms: number[]) => [...ms].sort((a, b) => a - b);
const p95 = (ms: number[]) => sorted(ms)[Math.ceil(ms.length * 0.95) - 1];
const p50 = (ms: number[]) => sorted(ms)[Math.floor(ms.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Rows each step read from members_invitee_rank_idx (EXPLAIN ANALYZE JSON); step 2 is the range scan (>=). */
function indexScans(plan: unknown): { walk?: number; range?: number } {
  const found: { walk?: number; range?: number } = {};
  const visit = (node: Record<string, unknown>) => {
    if (node['Index Name'] === 'members_invitee_rank_idx') {
      found[/>=/.test(String(node['Index Cond'])) ? 'range' : 'walk'] = Number(node['Actual Rows']);
    }
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) visit(child);
  };
  visit((plan as { Plan: Record<string, unknown> }[])[0].Plan);
  return found;
}

async function timed(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

/**
 * Members with a realistic spread, in one statement (statement-level triggers count once):
 * forum posts log-uniform up to ~8,000 with a third at zero, 1 % honorary, 12 % have attended
 * (a few no-shows), a fifth invited before, 5 % invited within the last 400 days, 4 %
 * unsubscribed, registrations spread over fifteen years.
 */
const LOAD_MEMBERS = `
  INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts, honorary,
                       attended_count, no_show_count, invited_count, last_invited_at, unsubscribed_at)
  SELECT $1 || g, $1 || g || '@example.com', 'Fan ' || $1 || g, $2,
         CASE WHEN g % 5 = 0 THEN 'en' ELSE 'zh-CN' END,
         date '2011-06-01' + floor(random() * 5500)::int,
         CASE WHEN random() < 0.33 THEN 0 ELSE floor(exp(random() * 9))::int - 1 END,
         random() < 0.01,
         CASE WHEN r.a < 0.12 THEN 1 + floor(random() * 3)::int ELSE 0 END,
         CASE WHEN r.a < 0.03 THEN 1 + floor(random() * 2)::int ELSE 0 END,
         CASE WHEN r.a < 0.20 THEN 1 + floor(random() * 6)::int ELSE 0 END,
         CASE WHEN r.a < 0.05 THEN now() - random() * interval '400 days' END,
         CASE WHEN random() < 0.04 THEN now() END
    FROM generate_series(1, $3) g, LATERAL (SELECT random() + g * 0 AS a) r`;

async function main() {
  const db = await startBenchDatabase();
  try {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const t = Date.now();
    await client.query(`SELECT setseed(0.42)`);
    const [{ id: cityId }] = (
      await client.query(`INSERT INTO cities (name, population) VALUES ('Bench city', 16330000) RETURNING id`)
    ).rows;
    const [{ id: otherId }] = (await client.query(`INSERT INTO cities (name) VALUES ('Other city') RETURNING id`)).rows;
    await client.query(LOAD_MEMBERS, ['b-', cityId, MEMBERS]);
    await client.query(LOAD_MEMBERS, ['o-', otherId, OTHER_MEMBERS]);
    const [{ id: meetupId }] = (
      await client.query(
        `INSERT INTO meetups (city_id, title, venue, starts_at, ends_at, rsvp_deadline, status)
         VALUES ($1, 'Bench meetup', 'Hall', now() + interval '14 days', now() + interval '14 days 3 hours',
                 now() + interval '10 days', 'scheduled')
         RETURNING id`,
        [cityId],
      )
    ).rows;
    await client.query('VACUUM ANALYZE members');
    const loadMs = Date.now() - t;
    const [{ eligible }] = (
      await client.query(
        `SELECT count(*)::int AS eligible FROM members
          WHERE city_id = $1 AND unsubscribed_at IS NULL
            AND (last_invited_at IS NULL OR last_invited_at <= now() + interval '14 days' - interval '180 days')`,
        [cityId],
      )
    ).rows;

    const env = loadEnvironment({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      JOBS_WORKERS: 'false',
      SMTP_SINK_PORT: '0',
    });
    const app = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
      logger: ['error'],
    });
    const selection = app.get(InviteeSelectionService);
    const repository = app.get(InviteeSelectionRepository);
    const waves = app.get(InvitationWavesService);
    const meetup = (await app.get(InvitationsRepository).meetupWithCity(meetupId))!;
    const scope = selection.scope(meetup);

    const plan = JSON.stringify(await repository.explainRanked(scope, 200));
    const walksIndex = (plan.match(/members_invitee_rank_idx/g) ?? []).length;

    console.log(`machine: ${machine()}`);
    console.log(
      `members: ${MEMBERS.toLocaleString('en')} in the city (${eligible.toLocaleString('en')} eligible) + ` +
        `${OTHER_MEMBERS.toLocaleString('en')} elsewhere, loaded and analysed in ${seconds(loadMs)} s`,
    );
    console.log(`plan of the selection: walks members_invitee_rank_idx ${walksIndex}× (both steps: 2)`);
    const before = load();
    const results: string[] = [];
    let allSame = true;
    for (const k of [50, 200]) {
      await timed(5, () => selection.ranked(meetup, k));
      const fast = await timed(RUNS, () => selection.ranked(meetup, k));
      const page = await timed(RUNS, () => waves.proposal(meetupId, k));
      await timed(2, () => repository.rankedOneStep(scope, k));
      const baseline = await timed(RUNS, () => repository.rankedOneStep(scope, k));
      const a = (await selection.ranked(meetup, k)).map((r) => `${r.memberId}:${r.score}`);
      const b = (await repository.rankedOneStep(scope, k)).map((r) => `${r.memberId}:${r.score}`);
      const same = JSON.stringify(a) === JSON.stringify(b);
      allSame &&= same;
      const steps = indexScans(await repository.explainRanked(scope, k, undefined, true));
      results.push(
        `k=${k}: selection p50 ${p50(fast).toFixed(1)} ms, p95 ${p95(fast).toFixed(1)} ms | ` +
          `whole proposal (API/page) p95 ${p95(page).toFixed(1)} ms | ` +
          `baseline one-step p50 ${p50(baseline).toFixed(1)} ms, p95 ${p95(baseline).toFixed(1)} ms | ` +
          `ratio (p95) ${(p95(baseline) / p95(fast)).toFixed(1)}× | same rows: ${same ? 'yes' : 'NO'} | ` +
          `target p95 < 200 ms: ${p95(fast) < 200 ? 'MET' : 'MISSED'} | ` +
          `rows from members_invitee_rank_idx: step 1 ${steps.walk ?? '?'}, step 2 ${steps.range ?? '?'}`,
      );
    }
    const after = load();
    for (const line of results) console.log(line);
    console.log(`runs per figure: ${RUNS}; load average (1/5/15 min) before: ${before}, after: ${after}`);
    await app.close();
    await client.end();
    if (!allSame || walksIndex < 2) process.exitCode = 1;
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
