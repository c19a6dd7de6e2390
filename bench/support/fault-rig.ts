/**
 * What the fault scripts (bench/faults.ts) share: a throw-away embedded PostgreSQL this process can stop and
 * start again (it owns the data folder), an SMTP counting sink it can take down, app instances as child
 * processes (web-only and worker roles, as production runs them), seeding, and an RSVP storm that keeps
 * count of every answer the app gave, by phase of the fault.
 */
import { Logger } from '@nestjs/common';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { loadavg, userInfo } from 'node:os';
import { Pool } from 'pg';
import { RunningDatabase, runningServer, startThrowawayPostgres } from '../../src/database/embedded-postgres';
import { postgresRuntime } from '../../src/database/postgres-runtime';
import { PostgresServer, postgresUserIds, startPostgresServer } from '../../src/database/postgres-server';
import { rsvpToken } from '../../src/invitations/core/rsvp-token';
import { AppProcess, buildApp, startApp } from './app-process';
import { BenchDatabase, createBenchDatabase } from './bench-database';
import { CountingSink } from './counting-sink';

export const SECRET = 'bench-secret-0123456789abcdef0123456789';
const API_TOKEN = 'bench-api-token-0123456789abcdef';
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The embedded cluster, with its server stopped and started by this process (pg_ctl's fast shutdown). */
export class OwnedPostgres {
  private restarted?: PostgresServer;
  private constructor(
    private readonly running: RunningDatabase,
    private readonly port: number,
  ) {}

  static async start(): Promise<OwnedPostgres> {
    Logger.overrideLogger(['fatal', 'error', 'warn']);
    const running = await startThrowawayPostgres();
    return new OwnedPostgres(running, Number(new URL(running.url).port));
  }

  get url(): string {
    return this.running.url;
  }

  get dataDir(): string {
    return this.running.dataDir!;
  }

  /** Fast shutdown (SIGINT to the postmaster: sessions end, a checkpoint is written); resolves once it is gone. */
  async stopServer(): Promise<void> {
    const server = runningServer(this.dataDir);
    if (!server) return;
    process.kill(server.pid, 'SIGINT');
    for (;;) {
      try {
        process.kill(server.pid, 0);
      } catch {
        return;
      }
      await sleep(50);
    }
  }

  async startServer(): Promise<void> {
    this.restarted = await startPostgresServer({
      binDir: postgresRuntime(new Logger('Postgres')).binDir,
      dataDir: this.dataDir,
      port: this.port,
      flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      runAs: userInfo().uid === 0 ? postgresUserIds() : undefined,
      onLog: () => undefined,
    });
  }

  async close(): Promise<void> {
    await this.restarted?.stop();
    await this.running.stop();
  }
}

export interface Answer {
  status: number;
  body: string;
  retryAfter?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** One HTTP request to an instance; a refused or cut connection answers status 0 (no answer from the app). */
export function call(
  port: number,
  method: string,
  path: string,
  body?: object,
  accept = 'application/json',
): Promise<Answer> {
  return new Promise((resolve) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        timeout: 60_000,
        headers: {
          authorization: `Bearer ${API_TOKEN}`,
          accept,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, retryAfter: res.headers['retry-after'] as string }),
        );
        res.on('error', () => resolve({ status: 0, body: 'response cut' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: error.message }));
    req.end(payload);
  });
}

export interface RigOptions {
  webs: number;
  env?: Record<string, string>;
}

export class FaultRig {
  readonly sink = new CountingSink();
  readonly apps: AppProcess[] = [];
  webPorts: number[] = [];
  workerPort = 0;
  smtpPort = 0;
  pool!: Pool;
  private bench!: BenchDatabase;
  private settings: Record<string, string> = {};
  private seeded = 0;

  private constructor(readonly pg: OwnedPostgres) {}

  static async start(options: RigOptions): Promise<FaultRig> {
    buildApp();
    const rig = new FaultRig(await OwnedPostgres.start());
    rig.bench = await createBenchDatabase(rig.pg.url);
    // The bench's own connections: a pool drops the ones a restart cut, and an idle one's error is no crash.
    rig.pool = new Pool({ connectionString: rig.bench.url, max: 4 });
    rig.pool.on('error', () => undefined);
    rig.smtpPort = await rig.sink.start();
    rig.webPorts = await Promise.all(Array.from({ length: options.webs }, () => freePort()));
    rig.workerPort = await freePort();
    rig.settings = {
      NODE_ENV: 'production',
      DATABASE_URL: rig.bench.url,
      SMTP_URL: `smtp://127.0.0.1:${rig.smtpPort}`,
      APP_SECRET: SECRET,
      API_TOKEN,
      ADMIN_PASSWORD: 'bench admin password',
      PUBLIC_URL: `http://127.0.0.1:${rig.webPorts[0]}`,
      RSVP_RATE_LIMIT_PER_MINUTE: '1000000',
      // An outage brings a warning per request; errors (a 500's stack) still show.
      LOG_LEVEL: 'error',
      ...options.env,
    };
    rig.apps.push(startApp({ ...rig.settings, MEETLOOP_ROLE: 'worker', PORT: String(rig.workerPort) }, 'worker'));
    rig.webPorts.forEach((port, i) =>
      rig.apps.push(startApp({ ...rig.settings, MEETLOOP_ROLE: 'web', PORT: String(port) }, `web${i + 1}`)),
    );
    for (const port of [rig.workerPort, ...rig.webPorts])
      while ((await call(port, 'GET', '/health/ready')).status !== 200) {
        if (rig.apps.some((app) => app.child.exitCode !== null)) throw new Error('an instance stopped while starting');
        await sleep(200);
      }
    return rig;
  }

  async q<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, values)).rows as T[];
  }

  /** `cities` cities of `perCity` members each, and in each a meetup whose first wave invites them all. */
  async seedMeetups(cities: number, perCity: number, capacity: number): Promise<number[]> {
    // Each scenario seeds its own cities and members: the scenarios share one rig (its start is the slow part).
    const batch = `${++this.seeded}-`;
    const rows = await this.q<{ id: number }>(
      `INSERT INTO cities (name) SELECT 'Fault city ' || $2 || g FROM generate_series(1, $1::int) g RETURNING id`,
      [cities, batch],
    );
    await this.q(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts)
       SELECT 'f-' || $4 || g, 'f-' || $4 || g || '@example.com', 'Fan ' || g, ($1::int[])[1 + g % $3::int],
              CASE WHEN g % 2 = 0 THEN 'en' ELSE 'zh-CN' END, date '2020-01-01' + g % 2000, g % 500
         FROM generate_series(1, $2::int) g`,
      [rows.map((c) => c.id), cities * perCity, cities, batch],
    );
    const meetups = await this.q<{ id: number }>(
      `INSERT INTO meetups (city_id, title, venue, starts_at, ends_at, rsvp_deadline, capacity_min, capacity_max,
                            status, first_wave_size)
       SELECT id, 'Fault meetup', 'Hall', now() + interval '10 days', now() + interval '10 days 3 hours',
              now() + interval '8 days', 1, $2, 'scheduled', $3
         FROM unnest($1::int[]) AS id RETURNING id`,
      [rows.map((c) => c.id), capacity, Math.min(perCity, 1000)],
    );
    return meetups.map((m) => m.id);
  }

  /** Sends each meetup's first wave through the first web instance. */
  async sendWaves(meetups: number[]): Promise<void> {
    for (const id of meetups) {
      const res = await call(this.webPorts[0], 'POST', `/api/meetups/${id}/invitations`, { wave: 'next' });
      if (res.status !== 201) throw new Error(`wave for meetup ${id}: ${res.status} ${res.body.slice(0, 200)}`);
    }
  }

  /** RSVP tokens of the first `perMeetup` invitations of each meetup. */
  async tokens(meetups: number[], perMeetup: number): Promise<string[]> {
    const rows = await this.q<{ token_nonce: Buffer }>(
      `SELECT token_nonce FROM (
         SELECT token_nonce, row_number() OVER (PARTITION BY meetup_id ORDER BY id) AS n
           FROM invitations WHERE meetup_id = ANY ($1::int[])) i
        WHERE n <= $2 ORDER BY n`,
      [meetups, perMeetup],
    );
    return rows.map((r) => rsvpToken(SECRET, r.token_nonce));
  }

  async outboxUnsent(): Promise<number> {
    return Number(
      (await this.q<{ n: string }>(`SELECT count(*) AS n FROM outbox_messages WHERE state <> 'sent'`))[0].n,
    );
  }

  /** Waits until every outbox message is sent (or `ms` passed); the seconds it took. */
  async drainOutbox(ms: number): Promise<number> {
    const started = Date.now();
    for (;;) {
      const unsent = await this.outboxUnsent().catch(() => -1);
      if (unsent === 0 || Date.now() - started > ms) break;
      await sleep(500);
    }
    await sleep(1000); // the last 250s' marks
    return (Date.now() - started) / 1000;
  }

  /**
   * Email, checked at the SMTP server by Message-ID: every outbox row sent and arrived once, nothing else arrived.
   */
  async mailCheck(failures: string[]): Promise<string> {
    const outbox = await this.q<{ message_id: string; state: string }>(`SELECT message_id, state FROM outbox_messages`);
    const ids = new Set(outbox.map((m) => m.message_id));
    const notSent = outbox.filter((m) => m.state !== 'sent').length;
    const missing = outbox.filter((m) => !this.sink.byMessageId.has(m.message_id)).length;
    const twice = [...this.sink.byMessageId.values()].filter((n) => n > 1).length;
    const strangers = [...this.sink.byMessageId.keys()].filter((id) => !ids.has(id)).length;
    if (notSent) failures.push(`${notSent} emails not sent`);
    if (missing) failures.push(`${missing} emails never arrived`);
    if (twice) failures.push(`${twice} emails arrived twice`);
    if (strangers) failures.push(`${strangers} unknown emails arrived`);
    return `${outbox.length} in the outbox, ${notSent} not sent, ${missing} missing, ${twice} twice, ${strangers} unknown (${this.sink.received} arrivals)`;
  }

  /**
   * No half-made answer: every invitation that was accepted has exactly one effective accept (its event), is
   * accepted or waitlisted, and has its confirmation in the outbox; no meetup holds more than its seats, and
   * seats_taken counts the accepted members and open offers.
   */
  async answersCheck(meetups: number[], tokensAnswered: number, failures: string[]): Promise<string> {
    const [row] = await this.q<Record<string, string>>(
      `WITH effective AS (
         SELECT e.invitation_id, e.id FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id
          WHERE i.meetup_id = ANY ($1::int[]) AND e.kind = 'accept' AND e.detail->>'outcome' <> 'unchanged')
       SELECT
         (SELECT count(DISTINCT invitation_id) FROM effective) AS answered,
         (SELECT count(*) FROM (SELECT invitation_id FROM effective GROUP BY 1 HAVING count(*) > 1) x) AS twice,
         (SELECT count(*) FROM effective e JOIN invitations i ON i.id = e.invitation_id
           WHERE i.state NOT IN ('accepted', 'waitlisted')) AS wrong_state,
         (SELECT count(*) FROM invitations i WHERE i.meetup_id = ANY ($1::int[]) AND i.state IN ('accepted', 'waitlisted')
             AND NOT EXISTS (SELECT 1 FROM effective e WHERE e.invitation_id = i.id)) AS state_without_event,
         (SELECT count(*) FROM effective e WHERE NOT EXISTS (
             SELECT 1 FROM outbox_messages o WHERE o.idempotency_key = 'rsvp:' || e.invitation_id || ':' || e.id)) AS no_mail,
         (SELECT count(*) FROM meetups m WHERE m.id = ANY ($1::int[]) AND (
             m.seats_taken > m.capacity_max OR m.seats_taken <> (SELECT count(*) FROM invitations i WHERE i.meetup_id = m.id
               AND (i.state = 'accepted' OR (i.state = 'waitlisted' AND i.offer_expires_at IS NOT NULL))))) AS bad_seats,
         (SELECT count(*) FROM invitations WHERE meetup_id = ANY ($1::int[]) AND state = 'accepted') AS accepted,
         (SELECT count(*) FROM invitations WHERE meetup_id = ANY ($1::int[]) AND state = 'waitlisted') AS waitlisted`,
      [meetups],
    );
    const n = (k: string) => Number(row[k]);
    if (n('answered') !== tokensAnswered)
      failures.push(`${n('answered')} answers stored for ${tokensAnswered} accepted`);
    if (n('twice')) failures.push(`${n('twice')} invitations accepted twice`);
    if (n('wrong_state')) failures.push(`${n('wrong_state')} accepted invitations in another state`);
    if (n('state_without_event')) failures.push(`${n('state_without_event')} answers without their event`);
    if (n('no_mail')) failures.push(`${n('no_mail')} answers without their confirmation`);
    if (n('bad_seats')) failures.push(`${n('bad_seats')} meetups with wrong seat counts`);
    return (
      `${n('answered')} stored for ${tokensAnswered} answered (${n('accepted')} seated, ${n('waitlisted')} waitlisted); ` +
      `twice ${n('twice')}, without event ${n('state_without_event')}, without confirmation ${n('no_mail')}, wrong seats ${n('bad_seats')}`
    );
  }

  /** Instances that exited, beyond the `expected` ones (a fault test's own kill). */
  instancesCheck(failures: string[], expected = 0): void {
    const dead = this.apps.filter((app) => app.child.exitCode !== null || app.child.signalCode !== null).length;
    if (dead > expected) failures.push(`${dead - expected} instances exited`);
  }

  async close(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop()));
    await this.pool.end().catch(() => undefined);
    await this.sink.stop();
    await this.bench.stop().catch(() => undefined);
    await this.pg.close();
  }
}

/** Counts of the app's answers (status → n), by phase of the fault. */
export class Tally {
  phase = 'before';
  readonly byPhase = new Map<string, Map<number, number>>();
  add(status: number): void {
    const counts = this.byPhase.get(this.phase) ?? new Map<number, number>();
    counts.set(status, (counts.get(status) ?? 0) + 1);
    this.byPhase.set(this.phase, counts);
  }
  count(status: number, phase?: string): number {
    return [...this.byPhase]
      .filter(([p]) => phase === undefined || p === phase)
      .reduce((sum, [, counts]) => sum + (counts.get(status) ?? 0), 0);
  }
  print(): void {
    for (const [phase, counts] of this.byPhase)
      console.log(
        `  ${phase.padEnd(9)} ${[...counts]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status === 0 ? 'no answer' : status}: ${n}`)
          .join(', ')}`,
      );
  }
}

/**
 * Every token accepts, `inFlight` at a time, spread over `ports()` (asked anew for each try, so a killed instance
 * can be left out). A 503 or no answer is tried again after a pause (a client following Retry-After, sped up);
 * any other refusal is counted and tried again too, so the end state can be checked. Resolves with the tokens
 * that got a 200/201.
 */
export async function acceptStorm(
  tokens: string[],
  ports: (i: number) => number,
  tally: Tally,
  options: { inFlight?: number; deadline: number },
): Promise<Set<string>> {
  const answered = new Set<string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: options.inFlight ?? 16 }, async () => {
      while (next < tokens.length) {
        const i = next++;
        for (let attempt = 0; Date.now() < options.deadline; attempt++) {
          const res = await call(ports(i + attempt), 'POST', `/api/rsvp/${tokens[i]}`, { answer: 'accept' });
          tally.add(res.status);
          if (res.status === 200 || res.status === 201) {
            answered.add(tokens[i]);
            break;
          }
          if (res.status !== 503 && res.status !== 0) console.log(`  answer ${res.status}: ${res.body.slice(0, 160)}`);
          await sleep(500);
        }
      }
    }),
  );
  return answered;
}
