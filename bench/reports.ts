/**
 * Figure: the staff report page over two years of biweekly meetups (issue: under 200 ms p95) —
 * GET /reports (every report's SQL, the SVG charts and the Handlebars page) and GET /api/reports,
 * next to the baseline measured in the same run: GET /health (one `SELECT 1` through the same HTTP
 * stack), so the ratio says what the reports add.
 *
 * Data: 52 held meetups (two years, one every two weeks, rotating over 13 cities), 60 invitations
 * each (50 accepted: 45 checked in, 5 no-shows; 10 declined), a feedback request per checked-in
 * attendee, 60 % of them answered with 0–3 suggestions; 100,000 members; 100,000 board items along
 * the adoption ladder with their status history, 70 % of the suggestions and half of the questions on one.
 *
 *   npx ts-node -T bench/reports.ts [runs=100]
 */
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadavg } from 'node:os';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { loadEnvironment } from '../src/config/environment';
import { reportFigure } from './support/figures';
import { machine, seconds, startBenchDatabase } from './support/bench-database';

const RUNS = Math.max(50, Number(process.argv[2] ?? 100));
const MEETUPS = 52;
const CITIES = 13;
const ITEMS = 100_000;
const API_TOKEN = 'bench-api-token-0123456789abcdef';

const sorted = (ms: number[]) => [...ms].sort((a, b) => a - b);
const p95 = (ms: number[]) => sorted(ms)[Math.ceil(ms.length * 0.95) - 1];
const p50 = (ms: number[]) => sorted(ms)[Math.floor(ms.length / 2)];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function timed(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}

/** Two years of held meetups with attendance and feedback, in a handful of set-based statements. */
async function loadData(client: Client): Promise<void> {
  await client.query(`SELECT setseed(0.42)`);
  await client.query(`INSERT INTO product_areas (slug, name_en, name_zh)
    VALUES ('os', 'OS', '系统'), ('camera', 'Camera', '相机'), ('battery', 'Battery', '电池'), ('router', 'Router', '路由器')`);
  await client.query(`INSERT INTO cities (name) SELECT '城市 ' || g FROM generate_series(1, $1) g`, [CITIES]);
  await client.query(`
    INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts)
    SELECT 'm' || g, 'm' || g || '@example.com', 'Fan ' || g, c.id, CASE WHEN g % 5 = 0 THEN 'en' ELSE 'zh-CN' END,
           date '2015-01-01' + (g % 3000), g % 700
      FROM generate_series(1, 100000) g
      JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM cities) c ON c.k = g % ${CITIES}`);
  await client.query(
    `INSERT INTO meetups (city_id, title, venue, starts_at, ends_at, status, attendance_recorded_at)
     SELECT c.id, 'Meetup ' || g, 'Hall', s, s + interval '3 hours', 'held', s + interval '9 hours'
       FROM generate_series(0, $1 - 1) g
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM cities) c ON c.k = g % ${CITIES}
       CROSS JOIN LATERAL (SELECT timestamptz '2025-01-04 11:00+00' + g * interval '14 days' AS s) t`,
    [MEETUPS],
  );
  // 60 members of the meetup's city per meetup: the first 45 came, 5 were no-shows, 10 declined.
  await client.query(`
    INSERT INTO invitations (meetup_id, member_id, state, wave, token_hash, token_nonce, checked_in_at, no_show)
    SELECT m.id, mb.id, CASE WHEN mb.n <= 50 THEN 'accepted' ELSE 'declined' END, 1,
           sha256(('t' || m.id || '-' || mb.id)::bytea), substring(sha256(('n' || m.id || '-' || mb.id)::bytea) for 16),
           CASE WHEN mb.n <= 45 THEN m.starts_at END, mb.n BETWEEN 46 AND 50
      FROM meetups m
      CROSS JOIN LATERAL (
        SELECT id, row_number() OVER (ORDER BY id) AS n
          FROM (SELECT id FROM members WHERE city_id = m.city_id ORDER BY id LIMIT 60 OFFSET (m.id / ${CITIES}) * 60) x
      ) mb`);
  await client.query(`
    INSERT INTO feedback_requests (meetup_id, invitation_id, token_hash, token_nonce, sent_at, answered_at, reminded_at)
    SELECT i.meetup_id, i.id, sha256(('f' || i.id)::bytea), substring(sha256(('g' || i.id)::bytea) for 16),
           m.ends_at + interval '2 hours',
           CASE WHEN r.x < 0.6 THEN m.ends_at + interval '5 hours' END,
           CASE WHEN r.x >= 0.4 THEN m.ends_at + interval '3 days 2 hours' END
      FROM invitations i JOIN meetups m ON m.id = i.meetup_id
      CROSS JOIN LATERAL (SELECT random() + i.id * 0 AS x) r
     WHERE i.checked_in_at IS NOT NULL`);
  await client.query(`
    INSERT INTO feedback_answers (request_id, rating, recommend, good)
    SELECT id, 1 + floor(random() * 5)::int, floor(random() * 11)::int, 'Good talks with the engineers'
      FROM feedback_requests WHERE answered_at IS NOT NULL`);
  await client.query(`
    INSERT INTO feedback_suggestions (request_id, slot, product_area_id, body)
    SELECT a.request_id, s, (SELECT min(id) FROM product_areas) + (a.request_id + s) % 4, 'Suggestion ' || s
      FROM feedback_answers a CROSS JOIN generate_series(1, 3) s
     WHERE s <= a.request_id % 4`);
  // 100,000 board items (a meetup their author), spread over the adoption ladder with their history;
  // 70 % of the suggestions are on one, and two questions per meetup, one of them linked.
  await client.query(
    `INSERT INTO engineers (engineer_code, name) SELECT 'E' || (1000 + g), 'Engineer ' || g FROM generate_series(1, 20) g`,
  );
  await client.query(`
    INSERT INTO board_items (product_area_id, title, search_key, author_kind, author_meetup_id, status, status_changed_at,
                             handler_engineer_id)
    SELECT (SELECT min(id) FROM product_areas) + g % 4, 'Item ' || g, 'item ' || g, 'meetup',
           (SELECT min(id) FROM meetups) + g % ${MEETUPS},
           (ARRAY['received', 'received', 'received', 'under_review', 'planned', 'in_progress', 'shipped', 'shipped', 'declined', 'received'])[1 + g % 10],
           timestamptz '2025-02-01 00:00+00' + (g % 600) * interval '1 day',
           CASE WHEN g % 10 >= 3 THEN (SELECT min(id) FROM engineers) + g % 20 END
      FROM generate_series(1, ${ITEMS}) g`);
  await client.query(`
    INSERT INTO board_item_statuses (item_id, status, note, at)
    SELECT id, s, CASE WHEN s = 'shipped' THEN 'In a weekly build' ELSE '' END,
           status_changed_at - CASE WHEN s = 'planned' THEN interval '30 days' ELSE interval '0' END
      FROM board_items
      CROSS JOIN LATERAL unnest(CASE status WHEN 'shipped' THEN ARRAY['planned', 'shipped']
                                            WHEN 'planned' THEN ARRAY['planned']
                                            WHEN 'in_progress' THEN ARRAY['planned', 'in_progress'] ELSE ARRAY[]::text[] END) s`);
  await client.query(`
    UPDATE feedback_suggestions SET board_item_id = (SELECT min(id) FROM board_items) + id % ${ITEMS}, outcome = 'posted'
     WHERE id % 10 < 7`);
  await client.query(`
    INSERT INTO questions (meetup_id, invitation_id, slot, product_area_id, body, votes)
    SELECT i.meetup_id, i.id, 1, (SELECT min(id) FROM product_areas), 'Question from invitation ' || i.id, 0
      FROM invitations i WHERE i.state = 'accepted' AND i.id % 25 = 0`);
  await client.query(`
    INSERT INTO question_board_items (question_id, board_item_id, how)
    SELECT id, (SELECT min(id) FROM board_items) + (id * 7) % ${ITEMS}, 'linked' FROM questions WHERE id % 2 = 0`);
  await client.query('VACUUM ANALYZE');
}

async function main() {
  const db = await startBenchDatabase();
  try {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const started = Date.now();
    await loadData(client);
    const counts = (
      await client.query(`SELECT (SELECT count(*) FROM meetups)::int AS meetups, (SELECT count(*) FROM invitations)::int AS invitations,
        (SELECT count(*) FROM feedback_requests)::int AS requests, (SELECT count(*) FROM feedback_answers)::int AS answers,
        (SELECT count(*) FROM feedback_suggestions)::int AS suggestions, (SELECT count(*) FROM board_items)::int AS items`)
    ).rows[0];
    const loadMs = Date.now() - started;

    const env = loadEnvironment({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      JOBS_WORKERS: 'false',
      SMTP_SINK_PORT: '0',
      API_TOKEN,
      APP_SECRET: 'bench-app-secret-0123456789abcdef0123456789',
      NODE_ENV: 'test',
    });
    const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ env, databaseUrl: db.url }), {
      logger: ['error'],
      bodyParser: false,
    });
    configureApp(app);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${API_TOKEN}` } });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
      return body;
    };

    const page = await get('/reports');
    const charts = (page.match(/role="img"/g) ?? []).length;
    console.log(`machine: ${machine()}`);
    console.log(
      `data: ${counts.meetups} meetups, ${counts.invitations.toLocaleString('en')} invitations, ` +
        `${counts.requests.toLocaleString('en')} feedback requests, ${counts.answers.toLocaleString('en')} answers, ` +
        `${counts.suggestions.toLocaleString('en')} suggestions, ${counts.items.toLocaleString('en')} board items, ` +
        `100,000 members; loaded in ${seconds(loadMs)} s`,
    );
    console.log(`page: ${(page.length / 1024).toFixed(0)} KiB, ${charts} charts`);
    const before = load();
    await timed(5, () => get('/reports'));
    const html = await timed(RUNS, () => get('/reports'));
    const json = await timed(RUNS, () => get('/api/reports'));
    const csv = await timed(RUNS, () => get('/reports/meetups.csv'));
    await timed(5, () => get('/health'));
    const health = await timed(RUNS, () => get('/health'));
    const after = load();
    const line = (name: string, ms: number[]) =>
      `${name}: p50 ${p50(ms).toFixed(1)} ms, p95 ${p95(ms).toFixed(1)} ms (${(p95(ms) / p95(health)).toFixed(1)}× /health)`;
    console.log(line('GET /reports (page)', html));
    console.log(line('GET /api/reports', json));
    console.log(line('GET /reports/meetups.csv', csv));
    console.log(`baseline GET /health: p50 ${p50(health).toFixed(1)} ms, p95 ${p95(health).toFixed(1)} ms`);
    console.log(`target page p95 < 200 ms: ${p95(html) < 200 ? 'MET' : 'MISSED'}`);
    reportFigure({
      figure: 'GET /reports p95 (ms)',
      value: p95(html),
      baseline: { name: '/health p95', value: p95(health) },
      ratio: p95(html) / p95(health),
      target: 'p95 < 200 ms',
      met: p95(html) < 200,
    });
    console.log(`runs per figure: ${RUNS}; load average (1/5/15 min) before: ${before}, after: ${after}`);
    await app.close();
    await client.end();
    if (charts < 5) process.exitCode = 1;
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
