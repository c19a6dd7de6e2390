/**
 * RSVP accept throughput and latency under load (issue 6), next to a trivial endpoint measured in
 * the same run against the same app process.
 *
 * The app runs as in production (`node dist/src/main.js`, its own process, mail delivered to a
 * local SMTP server that only counts). The load comes from this process over keep-alive HTTP with
 * a fixed number of requests in flight. Two accept scenarios:
 *   - one meetup: every answer contends for the same meetup row lock (the worst case — a popular
 *     meetup right after its invitations went out); most end on the waitlist;
 *   - many meetups: the same number of answers spread over 20 meetups of 20 cities.
 * The trivial endpoint is GET /health (one `SELECT 1`), with the same concurrency.
 *
 *   npx ts-node -T bench/rsvp-accept.ts [answers=2000] [concurrency=32]
 */
import { NestFactory } from '@nestjs/core';
import { DateTime } from 'luxon';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { WaveSendingService } from '../src/invitations/selection/wave-sending.service';
import { rsvpToken } from '../src/invitations/core/rsvp-token';
import { buildApp, startApp } from './support/app-process';
import { machine, startBenchDatabase } from './support/bench-database';
import { CountingSink } from './support/counting-sink';

const ANSWERS = Number(process.argv[2] ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(port: number, method: string, path: string, body?: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

/** Sends the requests with `CONCURRENCY` in flight; latency of each, throughput of the whole. */
async function load(requests: (() => Promise<number>)[]): Promise<Run> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const t0 = performance.now();
        const status = await request();
        latencies.push(performance.now() - t0);
        if (status !== 200) failures++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { perSecond: requests.length / elapsed, p50: at(0.5), p99: at(0.99), failures };
}

async function main() {
  buildApp();
  const db = await startBenchDatabase();
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  const port = await freePort();
  const settings = {
    DATABASE_URL: db.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_SECRET: SECRET,
    ADMIN_PASSWORD: 'bench admin password',
    RSVP_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const env = loadEnvironment({ ...settings, JOBS_WORKERS: 'false', LOG_LEVEL: 'warn' });
  const ctx = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
    logger: ['error', 'warn'],
  });
  const dataSource = ctx.get(DataSource);
  const invitations = ctx.get(WaveSendingService);

  // 21 cities: one for the single-meetup scenario, 20 for the spread one.
  const day = DateTime.now().setZone('Asia/Shanghai').plus({ days: 20 }).set({ hour: 19, minute: 0 });
  const cityIds: number[] = (
    await dataSource.query(
      `INSERT INTO cities (name) SELECT 'Bench city ' || g FROM generate_series(1, 21) g RETURNING id`,
    )
  ).map((r: { id: number }) => r.id);
  // Enough members in the first city for every answer of the single-meetup scenario, and a
  // twentieth of them in each of the other twenty.
  const perOtherCity = Math.ceil(ANSWERS / 20);
  await dataSource.query(
    `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts)
     SELECT 'b-' || g, 'b-' || g || '@example.com', 'Bench fan ' || g,
            CASE WHEN g <= $2 THEN ($1::int[])[1] ELSE ($1::int[])[2 + (g % 20)] END,
            CASE WHEN g % 3 = 0 THEN 'en' ELSE 'zh-CN' END, date '2020-01-01' + (g % 1500), g % 400
       FROM generate_series(1, $2::int + 20 * $3::int) g`,
    [cityIds, ANSWERS, perOtherCity],
  );
  const meetupIn = async (cityId: number, capacityMax: number) => {
    const [m] = await dataSource.query(
      `INSERT INTO meetups (city_id, title, venue, starts_at, ends_at, rsvp_deadline, capacity_min, capacity_max, status)
       VALUES ($1, 'Bench meetup', 'Hall', $2, $3, $4, 1, $5, 'scheduled') RETURNING id`,
      [cityId, day.toJSDate(), day.plus({ hours: 3 }).toJSDate(), day.minus({ days: 2 }).toJSDate(), capacityMax],
    );
    return m.id as number;
  };
  const tokensFor = async (meetupId: number, cityId: number, n: number) => {
    const members: { id: string }[] = await dataSource.query(
      `SELECT id::text AS id FROM members WHERE city_id = $1 ORDER BY id LIMIT $2`,
      [cityId, n],
    );
    await invitations.invite(
      meetupId,
      members.map((m) => ({ memberId: m.id, score: null, byHand: true })),
    );
    const rows: { token_nonce: Buffer }[] = await dataSource.query(
      `SELECT token_nonce FROM invitations WHERE meetup_id = $1 ORDER BY id`,
      [meetupId],
    );
    return rows.map((r) => rsvpToken(SECRET, r.token_nonce));
  };

  // A 50-seat meetup, as the product runs them: the first 50 accepts take seats, the rest queue.
  const single = await tokensFor(await meetupIn(cityIds[0], 50), cityIds[0], ANSWERS);
  if (single.length < ANSWERS) throw new Error(`only ${single.length} invitations for the single meetup`);
  const perMeetup: string[][] = [];
  for (const cityId of cityIds.slice(1))
    perMeetup.push(await tokensFor(await meetupIn(cityId, 50), cityId, perOtherCity));
  // Interleaved, so requests in flight at the same moment go to different meetups (different row locks).
  const spread = Array.from({ length: perOtherCity }, (_, i) => perMeetup.map((tokens) => tokens[i])).flat();
  // The invitation emails are not part of the figure: clear them before the app starts.
  await dataSource.query(`UPDATE outbox_messages SET state = 'sent', sent_at = now()`);
  await dataSource.query(`DELETE FROM pgboss.job WHERE name = 'mail-deliver'`);

  const app = startApp({ ...settings, PORT: String(port) }, 'app');
  try {
    while ((await call(port, 'GET', '/health').catch(() => 0)) !== 200) await sleep(200);
    // Warm-up: JIT, pools, prepared plans.
    await load(Array.from({ length: 500 }, () => () => call(port, 'GET', '/health')));

    const health = await load(Array.from({ length: ANSWERS }, () => () => call(port, 'GET', '/health')));
    const one = await load(single.map((t) => () => call(port, 'POST', `/api/rsvp/${t}`, { answer: 'accept' })));
    const many = await load(
      spread.slice(0, ANSWERS).map((t) => () => call(port, 'POST', `/api/rsvp/${t}`, { answer: 'accept' })),
    );
    const health2 = await load(Array.from({ length: ANSWERS }, () => () => call(port, 'GET', '/health')));

    const [check] = await dataSource.query(
      `SELECT max(seats_taken) FILTER (WHERE id = (SELECT min(id) FROM meetups)) AS seats,
              (SELECT count(*)::int FROM invitations WHERE state = 'accepted') AS accepted,
              (SELECT count(*)::int FROM invitations WHERE state = 'waitlisted') AS waitlisted,
              bool_and(seats_taken <= capacity_max) AS within
         FROM meetups`,
    );
    const trivial = (health.perSecond + health2.perSecond) / 2;
    const line = (name: string, r: Run) =>
      `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(6)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99
        .toFixed(1)
        .padStart(6)} ms${r.failures ? `   ${r.failures} non-200` : ''}`;
    console.log(`\nmachine: ${machine()}; load average before: ${(await import('node:os')).loadavg().join(' ')}`);
    console.log(`${ANSWERS} requests per scenario, ${CONCURRENCY} in flight, app in its own process\n`);
    console.log(line('GET /health (baseline, before)', health));
    console.log(line('GET /health (baseline, after)', health2));
    console.log(line('accept, one meetup (one row lock)', one));
    console.log(line('accept, spread over 20 meetups', many));
    console.log(
      `\nratio to the trivial endpoint: one meetup ${((one.perSecond / trivial) * 100).toFixed(0)} %, 20 meetups ${(
        (many.perSecond / trivial) *
        100
      ).toFixed(0)} %`,
    );
    console.log(
      `check: ${check.accepted} accepted, ${check.waitlisted} waitlisted, capacity never exceeded: ${check.within}`,
    );
    if (!check.within || one.failures || many.failures) process.exitCode = 1;
  } finally {
    await app.stop();
    await ctx.close();
    await sink.stop();
    await db.stop();
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
