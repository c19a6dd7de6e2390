/**
 * RSVP accept throughput and latency under load (issues 6 and 18), next to two ceilings measured in
 * the same run.
 *
 * The app runs as in production (`node dist/src/main.js`): a web-only instance (MEETLOOP_ROLE=web)
 * takes the answers, a worker instance (MEETLOOP_ROLE=worker) beside it delivers the confirmations
 * to a local SMTP server that only counts. The load comes from this process over keep-alive HTTP with
 * a fixed number of requests in flight. Two accept scenarios:
 *   - one meetup: every answer contends for the same meetup row lock (the worst case — a popular
 *     meetup right after its invitations went out); most end on the waitlist;
 *   - many meetups: the same number of answers spread over 20 meetups of 20 cities.
 * Baselines:
 *   - GET /health on the same web instance (one `SELECT 1`), with the same concurrency;
 *   - pgbench making the very calls of rsvp_seek_seat the app makes (the same arguments, prepared by
 *     SeatSeekingService.prepare for a second, identical set of invitations), the same number in flight
 *     with the worker delivering meanwhile: the database's own ceiling for this transaction.
 *
 *   npx ts-node -T bench/rsvp-accept.ts [answers=2000] [concurrency=32]
 *   BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" … profiles both instances.
 */
import { NestFactory } from '@nestjs/core';
import { DateTime } from 'luxon';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { WaveSendingService } from '../src/invitations/selection/wave-sending.service';
import { hashRsvpToken, rsvpToken } from '../src/invitations/core/rsvp-token';
import { InvitationsRepository } from '../src/invitations/core/invitations.repository';
import { SeatSeekingService } from '../src/invitations/rsvp/seat-seeking.service';
import { DELIVERY_QUEUE } from '../src/mail/mail-outbox.service';
import { MEETUP_LOCK_TIMEOUT } from '../src/meetups/meetup-lock';
import { buildApp, startApp } from './support/app-process';
import { machine, startBenchDatabase } from './support/bench-database';
import { CountingSink } from './support/counting-sink';
import { reportFigure } from './support/figures';

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
  requests: number;
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
  return { requests: requests.length, perSecond: requests.length / elapsed, p50: at(0.5), p99: at(0.99), failures };
}

/**
 * CPU time (user + system) a process has used, in ms; with `reaped`, also that of its children that
 * ended and were waited for (how PostgreSQL's backends that pgbench opened and closed are counted).
 * 0 once the process is gone.
 */
function cpuMs(pid: number, reaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime, cutime, cstime are fields 14–17 of stat, in clock ticks (100 per second on Linux).
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
    return (utime + stime + (reaped ? cutime + cstime : 0)) * 10;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's CPU: the postmaster, its live children, and the children it reaped. */
function postgresCpuMs(postmaster: number): number {
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return cpuMs(postmaster, true) + children.reduce((sum, pid) => sum + cpuMs(pid), 0);
}

/**
 * CPU used by the web instance, the worker, PostgreSQL and this process (the load, pgbench's
 * client aside) while `work` runs: where each request's time goes, independent of how busy the
 * machine is (which changes the throughput, not the CPU a request costs).
 */
async function cpuOf<T>(pids: { web: number; worker: number; postmaster: number }, work: () => Promise<T> | T) {
  const sample = () => ({
    web: cpuMs(pids.web),
    worker: cpuMs(pids.worker),
    postgres: postgresCpuMs(pids.postmaster),
    client: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
  });
  const before = sample();
  const result = await work();
  const after = sample();
  return {
    result,
    cpu: {
      web: after.web - before.web,
      worker: after.worker - before.worker,
      postgres: after.postgres - before.postgres,
      client: after.client - before.client,
    },
  };
}

/** pgbench: PGBENCH, else the newest Debian PostgreSQL's, else the one on PATH. */
function pgbenchBinary(): string {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  return versions.map((v) => join(root, v, 'bin', 'pgbench')).find((f) => existsSync(f)) ?? 'pgbench';
}

/**
 * pgbench making the accepts of rows `from`..`from + count - 1` of bench_accepts, `CONCURRENCY` clients,
 * each transaction the next row (a sequence), so every call does the whole accept (a repeated invitation
 * would only find its snapshot stale). Latencies from pgbench's per-transaction log.
 */
function pgbench(url: string, from: number, count: number): Run {
  const dir = mkdtempSync(join(tmpdir(), 'rsvp-pgbench-'));
  const script = join(dir, 'accept.sql');
  writeFileSync(
    script,
    `SELECT r.outcome FROM bench_accepts b, LATERAL rsvp_seek_seat(b.invitation_id, b.meetup_id, b.snapshot, now(),
       b.suspect, b.events, b.seated_mail, b.waitlisted_mail, '${DELIVERY_QUEUE}', '${MEETUP_LOCK_TIMEOUT}') r
      WHERE b.k = (SELECT nextval('bench_accepts_next'));\n`.replace(/\n\s*/g, ' ') + '\n',
  );
  const perClient = Math.floor(count / CONCURRENCY);
  const out = execFileSync(
    pgbenchBinary(),
    [
      '-n',
      '-M',
      'extended',
      '-c',
      String(CONCURRENCY),
      '-j',
      '2',
      '-t',
      String(perClient),
      '-f',
      script,
      '-l',
      `--log-prefix=${join(dir, 'log')}`,
      url,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  const latencies = readdirSync(dir)
    .filter((f) => f.startsWith('log'))
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => Number(line.split(' ')[2]) / 1000),
    )
    .sort((a, b) => a - b);
  rmSync(dir, { recursive: true, force: true });
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: latencies.length, perSecond: tps, p50: at(0.5), p99: at(0.99), failures: failed };
}

async function main() {
  buildApp();
  const db = await startBenchDatabase();
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  const [webPort, workerPort] = [await freePort(), await freePort()];
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

  // 42 cities: for HTTP and for pgbench, one for the single-meetup scenario and 20 for the spread one.
  const day = DateTime.now().setZone('Asia/Shanghai').plus({ days: 20 }).set({ hour: 19, minute: 0 });
  const cityIds: number[] = (
    await dataSource.query(
      `INSERT INTO cities (name) SELECT 'Bench city ' || g FROM generate_series(1, 42) g RETURNING id`,
    )
  ).map((r: { id: number }) => r.id);
  // Enough members in each single-meetup city for every answer, and a twentieth of that in each other city.
  const perOtherCity = Math.ceil(ANSWERS / 20);
  for (const [i, cityId] of cityIds.entries()) {
    await dataSource.query(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts)
       SELECT 'b-' || $1::int || '-' || g, 'b-' || $1::int || '-' || g || '@example.com', 'Bench fan ' || g, $1::int,
              CASE WHEN g % 3 = 0 THEN 'en' ELSE 'zh-CN' END, date '2020-01-01' + (g % 1500), g % 400
         FROM generate_series(1, $2::int) g`,
      [cityId, i % 21 === 0 ? ANSWERS : perOtherCity],
    );
  }
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
  /** A 50-seat meetup as the product runs them (the first 50 accepts take seats, the rest queue), and 20 more. */
  const scenarioSet = async (cities: number[]) => {
    const single = await tokensFor(await meetupIn(cities[0], 50), cities[0], ANSWERS);
    if (single.length < ANSWERS) throw new Error(`only ${single.length} invitations for the single meetup`);
    const perMeetup: string[][] = [];
    for (const cityId of cities.slice(1))
      perMeetup.push(await tokensFor(await meetupIn(cityId, 50), cityId, perOtherCity));
    // Interleaved, so requests in flight at the same moment go to different meetups (different row locks).
    const spread = Array.from({ length: perOtherCity }, (_, i) => perMeetup.map((tokens) => tokens[i]))
      .flat()
      .slice(0, ANSWERS);
    return { single, spread };
  };
  const http = await scenarioSet(cityIds.slice(0, 21));
  const direct = await scenarioSet(cityIds.slice(21));

  // pgbench's calls: what the web instance would send for the second set's accepts, prepared now.
  const seatSeeking = ctx.get(SeatSeekingService);
  const repository = ctx.get(InvitationsRepository);
  await dataSource.query(
    `CREATE TABLE bench_accepts (k integer PRIMARY KEY, invitation_id bigint, meetup_id integer, snapshot text,
       suspect boolean, events jsonb, seated_mail jsonb, waitlisted_mail jsonb)`,
  );
  await dataSource.query(`CREATE SEQUENCE bench_accepts_next`);
  const prepared = [...direct.single, ...direct.spread];
  for (let from = 0; from < prepared.length; from += 250) {
    const rows = [];
    for (const [j, token] of prepared.slice(from, from + 250).entries()) {
      const snapshot = (await repository.answerSnapshot(hashRsvpToken(token)))!;
      const { call } = seatSeeking.prepare(snapshot, { ip: '127.0.0.1', userAgent: 'pgbench' }, new Date())!;
      rows.push({
        k: from + j + 1,
        invitation_id: call.invitationId,
        meetup_id: call.meetupId,
        snapshot: call.snapshot,
        suspect: call.suspect,
        events: call.events,
        seated_mail: call.seatedMail,
        waitlisted_mail: call.waitlistedMail,
      });
    }
    await dataSource.query(
      `INSERT INTO bench_accepts SELECT * FROM jsonb_populate_recordset(NULL::bench_accepts, $1::jsonb)`,
      [JSON.stringify(rows)],
    );
  }
  // The invitation emails are not part of the figure: clear them before the instances start.
  await dataSource.query(`UPDATE outbox_messages SET state = 'sent', sent_at = now()`);
  await dataSource.query(`DELETE FROM pgboss.job WHERE name = $1`, [DELIVERY_QUEUE]);
  const arrivedBefore = sink.received;

  const worker = startApp({ ...settings, MEETLOOP_ROLE: 'worker', PORT: String(workerPort) }, 'worker');
  const web = startApp({ ...settings, MEETLOOP_ROLE: 'web', PORT: String(webPort) }, 'web');
  try {
    for (const port of [webPort, workerPort])
      while ((await call(port, 'GET', '/health/ready').catch(() => 0)) !== 200) await sleep(200);
    const accept = (tokens: string[]) =>
      tokens.map((t) => () => call(webPort, 'POST', `/api/rsvp/${t}`, { answer: 'accept' }));
    const health = () => load(Array.from({ length: ANSWERS }, () => () => call(webPort, 'GET', '/health')));
    // Warm-up: JIT, pools, plans.
    await load(Array.from({ length: 500 }, () => () => call(webPort, 'GET', '/health')));
    const loadBefore = loadavg();

    const [{ backend }] = await dataSource.query(`SELECT pg_backend_pid() AS backend`);
    const postmaster = Number(readFileSync(`/proc/${backend}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    const pids = { web: web.child.pid!, worker: worker.child.pid!, postmaster };
    const phases = {
      'GET /health (before)': await cpuOf(pids, health),
      'accept, one meetup': await cpuOf(pids, () => load(accept(http.single))),
      'accept, 20 meetups': await cpuOf(pids, () => load(accept(http.spread))),
      'GET /health (after)': await cpuOf(pids, health),
      'pgbench, one meetup': await cpuOf(pids, async () => {
        await dataSource.query(`SELECT setval('bench_accepts_next', 1, false)`);
        return pgbench(db.url, 1, direct.single.length);
      }),
      'pgbench, 20 meetups': await cpuOf(pids, async () => {
        await dataSource.query(`SELECT setval('bench_accepts_next', $1, false)`, [direct.single.length + 1]);
        return pgbench(db.url, direct.single.length + 1, direct.spread.length);
      }),
    };
    const [health1, one, many, health2, benchOne, benchMany] = Object.values(phases).map((p) => p.result);
    const loadAfter = loadavg();

    // Every confirmation written reaches the SMTP server through the worker.
    const [{ written }] = await dataSource.query(
      `SELECT count(*)::int AS written FROM outbox_messages WHERE template = 'rsvp-changed'`,
    );
    const deadline = Date.now() + 120_000;
    const drain = await cpuOf(pids, async () => {
      while (sink.received - arrivedBefore < written && Date.now() < deadline) await sleep(500);
    });
    const delivered = sink.received - arrivedBefore;
    const twice = [...sink.byMessageId.values()].filter((n) => n > 1).length;

    const [check] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM invitations WHERE state = 'accepted') AS accepted,
              (SELECT count(*)::int FROM invitations WHERE state = 'waitlisted') AS waitlisted,
              (SELECT count(*)::int FROM invitations i WHERE i.state IN ('accepted', 'waitlisted')
                  AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.member_id = i.member_id
                                     AND o.template = 'rsvp-changed')) AS without_mail,
              bool_and(seats_taken <= capacity_max) AS within,
              bool_and(seats_taken = (SELECT count(*) FROM invitations i WHERE i.meetup_id = m.id AND i.state = 'accepted')) AS counted,
              bool_and(waitlist_seq = (SELECT count(*) FROM invitations i WHERE i.meetup_id = m.id AND i.state = 'waitlisted')) AS queued
         FROM meetups m`,
    );
    const trivial = (health1.perSecond + health2.perSecond) / 2;
    const line = (name: string, r: Run) =>
      `${name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(6)}/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99
        .toFixed(1)
        .padStart(6)} ms${r.failures ? `   ${r.failures} failed` : ''}`;
    console.log(`\nmachine: ${machine()}`);
    console.log(
      `load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}; after: ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    );
    console.log(
      `${ANSWERS} requests per scenario, ${CONCURRENCY} in flight; web instance (MEETLOOP_ROLE=web) beside a worker\n`,
    );
    console.log(line('GET /health, web instance (before)', health1));
    console.log(line('GET /health, web instance (after)', health2));
    console.log(line('accept over HTTP, one meetup', one));
    console.log(line('accept over HTTP, spread over 20 meetups', many));
    console.log(line('pgbench rsvp_seek_seat, one meetup', benchOne));
    console.log(line('pgbench rsvp_seek_seat, 20 meetups', benchMany));
    // CPU per request of each process while the phase ran (ms): independent of the machine's load, which
    // decides how much of the CPU the processes get, not how much a request needs.
    console.log(`\nCPU per request (ms)                  web  worker  postgres  load client`);
    for (const [name, { result, cpu }] of Object.entries(phases)) {
      const n = result.requests;
      const per = (ms: number) => (ms / n).toFixed(2).padStart(7);
      console.log(`${name.padEnd(34)} ${per(cpu.web)} ${per(cpu.worker)} ${per(cpu.postgres)} ${per(cpu.client)}`);
    }
    const workerTotal = Object.values(phases).reduce((sum, p) => sum + p.cpu.worker, 0) + drain.cpu.worker;
    console.log(
      `worker CPU per confirmation delivered (whole run, QR code and SMTP): ${(workerTotal / Math.max(1, delivered)).toFixed(2)} ms`,
    );
    const rows: [string, string, string, number, number, string][] = [];
    const ratio = (name: string, figure: number, baseline: number, baseName: string, target: number) =>
      rows.push([
        name,
        `${figure.toFixed(0)}/s`,
        `${baseline.toFixed(0)}/s (${baseName})`,
        figure / baseline,
        target,
        '',
      ]);
    ratio('accept, 20 meetups', many.perSecond, trivial, '/health', 0.25);
    ratio('accept, 20 meetups', many.perSecond, benchMany.perSecond, 'pgbench', 0.5);
    ratio('accept, one meetup', one.perSecond, trivial, '/health', 0.15);
    console.log(
      `\n${'figure'.padEnd(22)} ${'value'.padStart(8)}  ${'baseline'.padEnd(22)} ${'ratio'.padStart(6)}  target  met`,
    );
    const report = (figure: string, value: number, base: string, baseline: number, target: number) =>
      reportFigure({
        figure,
        value,
        baseline: { name: base, value: baseline },
        ratio: value / baseline,
        target: `≥ ${target * 100} % of ${base}`,
        met: value / baseline >= target,
      });
    report('RSVP accept, 20 meetups (answers/s)', many.perSecond, 'GET /health', trivial, 0.25);
    report('RSVP accept, 20 meetups (answers/s)', many.perSecond, 'pgbench rsvp_seek_seat', benchMany.perSecond, 0.5);
    report('RSVP accept, one meetup (answers/s)', one.perSecond, 'GET /health', trivial, 0.15);
    for (const [name, r] of [
      ['RSVP accept p99, 20 meetups (ms)', many],
      ['RSVP accept p99, one meetup (ms)', one],
    ] as const)
      reportFigure({ figure: name, value: r.p99, target: 'p99 < 100 ms at 32 in flight', met: r.p99 < 100 });
    for (const [name, figure, baseline, r, target] of rows)
      console.log(
        `${name.padEnd(22)} ${figure.padStart(8)}  ${baseline.padEnd(22)} ${(r * 100).toFixed(0).padStart(5)}%  ≥ ${(target * 100).toFixed(0)}%   ${r >= target ? 'yes' : 'NO'}`,
      );
    for (const [name, r] of [
      ['accept p99, 20 meetups', many],
      ['accept p99, one meetup', one],
    ] as const)
      console.log(
        `${name.padEnd(22)} ${`${r.p99.toFixed(0)} ms`.padStart(8)}  ${'—'.padEnd(22)} ${''.padStart(6)}  < 100 ms ${r.p99 < 100 ? 'yes' : 'NO'}`,
      );
    console.log(
      `\ncheck: ${check.accepted} accepted, ${check.waitlisted} waitlisted, ${check.without_mail} answers without a confirmation; ` +
        `capacity never exceeded: ${check.within}; seat counts match: ${check.counted}; waitlist places match: ${check.queued}; ` +
        `confirmations delivered by the worker: ${delivered} of ${written}, ${twice} twice`,
    );
    const failed =
      !check.within ||
      !check.counted ||
      !check.queued ||
      check.without_mail > 0 ||
      one.failures ||
      many.failures ||
      benchOne.failures ||
      benchMany.failures ||
      delivered < written ||
      twice > 0;
    if (failed) process.exitCode = 1;
  } finally {
    await Promise.all([web.stop(), worker.stop()]);
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
