/**
 * Several instances on one database (issue 17): 2 web processes and 1 worker process, as production runs
 * them, on one PostgreSQL (DATABASE_URL's server, or a throw-away embedded one). While the worker's minute
 * tick runs, staff send waves through web 1; a storm of accepts is spread over both web instances; some
 * accepted members decline and pass their seats to the waitlist; the offered members take them. A second
 * meetup is due for reminders and a third reaches its RSVP deadline during the run. Then it checks:
 *   - capacity: no meetup has more accepted members than seats, and seats_taken counts accepted + offers;
 *   - email: every outbox message was sent, each Message-ID arrived at the SMTP server exactly once;
 *   - timed steps: the minute tick ran at least twice and never twice in a minute, reminders went out once per accepted member, the
 *     deadline expired each pending invitation once, and no system step (offer, expiry, reminder) logged twice.
 * Exits with 1 when any of that fails. `.ci/run` runs it.
 *
 *   npx ts-node -T bench/multi-instance.ts [members=120]
 */
import { DateTime } from 'luxon';
import http from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { rsvpToken } from '../src/invitations/core/rsvp-token';
import { AppProcess, buildApp, startApp } from './support/app-process';
import { machine, startBenchDatabase } from './support/bench-database';
import { CountingSink } from './support/counting-sink';

const MEMBERS = Number(process.argv[2] ?? 120);
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const API_TOKEN = 'bench-api-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function call(port: number, method: string, path: string, body?: object): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${API_TOKEN}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `jobs` with 16 in flight. */
async function storm<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]();
      }
    }),
  );
  return results;
}

async function main() {
  buildApp();
  const db = await startBenchDatabase();
  const sql = new Client({ connectionString: db.url });
  await sql.connect();
  const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
    (await sql.query(text, values)).rows as T[];
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  const [web1, web2, workerPort] = [await freePort(), await freePort(), await freePort()];
  const settings = {
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_SECRET: SECRET,
    API_TOKEN,
    ADMIN_PASSWORD: 'bench admin password',
    PUBLIC_URL: `http://127.0.0.1:${web1}`,
    RSVP_RATE_LIMIT_PER_MINUTE: '1000000',
    MAIL_RETRY_DELAY_SECONDS: '1',
  };
  const failures: string[] = [];
  const apps: AppProcess[] = [];
  try {
    // Three cities: A (the storm), B (reminders due), C (RSVP deadline during the run).
    const cities = await q<{ id: number }>(
      `INSERT INTO cities (name) SELECT 'Multi city ' || g FROM generate_series(1, 3) g RETURNING id`,
    );
    await q(
      `INSERT INTO members (external_id, email, name, city_id, locale, registered_on, forum_posts)
       SELECT 'mi-' || g, 'mi-' || g || '@example.com', 'Fan ' || g, ($1::int[])[1 + g % 3],
              CASE WHEN g % 2 = 0 THEN 'en' ELSE 'zh-CN' END, date '2020-01-01' + g, g
         FROM generate_series(1, $2::int) g`,
      [cities.map((c) => c.id), MEMBERS * 3],
    );
    const started = Date.now();
    apps.push(startApp({ ...settings, MEETLOOP_ROLE: 'worker', PORT: String(workerPort) }, 'worker'));
    apps.push(startApp({ ...settings, MEETLOOP_ROLE: 'web', PORT: String(web1) }, 'web1'));
    apps.push(startApp({ ...settings, MEETLOOP_ROLE: 'web', PORT: String(web2) }, 'web2'));
    for (const port of [web1, web2, workerPort])
      while ((await call(port, 'GET', '/health/ready').catch(() => ({ status: 0 }))).status !== 200) {
        if (apps.some((app) => app.child.exitCode !== null)) throw new Error('an instance stopped while starting');
        await sleep(200);
      }
    const pages = (await call(workerPort, 'GET', '/login')).status;
    if (pages !== 404) failures.push(`the worker served /login (${pages})`);
    console.log(`3 instances ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Times count from when all three instances answer, however long a loaded machine takes to start them.
    const now = DateTime.now();
    const meetup = async (cityId: number, startsIn: object, deadlineIn: object, capacityMax: number, wave: number) => {
      const starts = now.plus(startsIn);
      const [m] = await q<{ id: number }>(
        `INSERT INTO meetups (city_id, title, venue, starts_at, ends_at, rsvp_deadline, capacity_min, capacity_max,
                              status, first_wave_size)
         VALUES ($1, 'Multi-instance meetup', 'Hall', $2, $3, $4, 1, $5, 'scheduled', $6) RETURNING id`,
        [
          cityId,
          starts.toJSDate(),
          starts.plus({ hours: 3 }).toJSDate(),
          now.plus(deadlineIn).toJSDate(),
          capacityMax,
          wave,
        ],
      );
      return m.id;
    };
    const capacityA = Math.floor(MEMBERS / 3);
    const a = await meetup(cities[0].id, { days: 10 }, { days: 8 }, capacityA, MEMBERS);
    // B's reminders fall due (REMINDER_DAYS_BEFORE = 2 days before the start) 100 s from now: after the storm.
    const b = await meetup(cities[1].id, { days: 2, seconds: 100 }, { hours: 20 }, MEMBERS, 20);
    const c = await meetup(cities[2].id, { days: 5 }, { seconds: 90 }, MEMBERS, 10);

    for (const id of [a, b, c]) {
      const res = await call(web1, 'POST', `/api/meetups/${id}/invitations`, { wave: 'next' });
      if (res.status !== 201) throw new Error(`wave for meetup ${id}: ${res.status} ${res.body}`);
    }
    const tokens = async (meetupId: number, state?: string) =>
      (
        await q<{ token_nonce: Buffer }>(
          `SELECT token_nonce FROM invitations WHERE meetup_id = $1 ${state ? 'AND state = $2' : ''} ORDER BY id`,
          state ? [meetupId, state] : [meetupId],
        )
      ).map((r) => rsvpToken(SECRET, r.token_nonce));
    const answer = (token: string, i: number, what: 'accept' | 'decline') =>
      call(i % 2 ? web2 : web1, 'POST', `/api/rsvp/${token}`, { answer: what });

    // The storm: everyone invited to A and B accepts, alternating between the two web instances.
    const inviteds = [...(await tokens(a)), ...(await tokens(b))];
    const accepts = await storm(inviteds.map((t, i) => () => answer(t, i, 'accept')));
    const refused = accepts.filter((r) => r.status !== 200 && r.status !== 201).length;
    if (refused) failures.push(`${refused} accepts answered neither 200 nor 201`);
    // A tenth of A's seated members decline, passing their seats to the first in line…
    const seated = await tokens(a, 'accepted');
    await storm(seated.slice(0, Math.ceil(seated.length / 10)).map((t, i) => () => answer(t, i, 'decline')));
    // …who take the seats they were offered.
    const offered = (
      await q<{ token_nonce: Buffer }>(
        `SELECT token_nonce FROM invitations WHERE meetup_id = $1 AND state = 'waitlisted' AND offer_expires_at IS NOT NULL`,
        [a],
      )
    ).map((r) => rsvpToken(SECRET, r.token_nonce));
    await storm(offered.map((t, i) => () => answer(t, i + 1, 'accept')));
    console.log(
      `answers: ${inviteds.length} accepts over 2 web instances, ${Math.ceil(seated.length / 10)} declines, ${offered.length} offers taken`,
    );

    // Timed steps: wait for a tick that started after C's deadline and B's reminder time (the worker's clock fires
    // one a minute; a tick reads the time when it starts).
    const deadlineC = now.plus({ seconds: 100 }).toJSDate();
    const ticksAfter = async () =>
      Number(
        (
          await q<{ n: string }>(
            `SELECT count(*) AS n FROM pgboss.job WHERE name = 'invitations-tick' AND state = 'completed' AND started_on > $1`,
            [deadlineC],
          )
        )[0].n,
      );
    const waitUntil = Date.now() + 240_000;
    while ((await ticksAfter()) < 1 && Date.now() < waitUntil) await sleep(1000);
    const unsent = async () =>
      Number((await q<{ n: string }>(`SELECT count(*) AS n FROM outbox_messages WHERE state <> 'sent'`))[0].n);
    while ((await unsent()) > 0 && Date.now() < waitUntil) await sleep(500);
    await sleep(1000);

    // Checks.
    const ticks = await q<{ n: string; minutes: string }>(
      `SELECT count(*) AS n,
              (extract(epoch FROM date_trunc('minute', now()) - date_trunc('minute', $1::timestamptz)) / 60 + 1)::int AS minutes
         FROM pgboss.job
        WHERE name = 'invitations-tick' AND state = 'completed'`,
      [new Date(started)],
    );
    const over = await q(
      `SELECT m.id, m.capacity_max, m.seats_taken,
              count(*) FILTER (WHERE i.state = 'accepted') AS accepted,
              count(*) FILTER (WHERE i.state = 'waitlisted' AND i.offer_expires_at IS NOT NULL) AS offers
         FROM meetups m JOIN invitations i ON i.meetup_id = m.id GROUP BY m.id
       HAVING count(*) FILTER (WHERE i.state = 'accepted') > m.capacity_max
           OR m.seats_taken <> count(*) FILTER (WHERE i.state = 'accepted'
                                                OR (i.state = 'waitlisted' AND i.offer_expires_at IS NOT NULL))`,
    );
    const outbox = await q<{ message_id: string; state: string; template: string; member_id: string }>(
      `SELECT message_id, state, template, member_id::text FROM outbox_messages`,
    );
    const notSent = outbox.filter((m) => m.state !== 'sent').length;
    const missing = outbox.filter((m) => !sink.byMessageId.has(m.message_id)).length;
    const twice = [...sink.byMessageId.values()].filter((n) => n > 1).length;
    const acceptedB = await q<{ member_id: string }>(
      `SELECT member_id::text FROM invitations WHERE meetup_id = $1 AND state = 'accepted'`,
      [b],
    );
    const reminded = outbox.filter((m) => m.template === 'reminder');
    const remindedOnce = acceptedB.every((r) => reminded.filter((m) => m.member_id === r.member_id).length === 1);
    const statesC = await q<{ state: string; n: string }>(
      `SELECT state, count(*) AS n FROM invitations WHERE meetup_id = $1 GROUP BY state`,
      [c],
    );
    const repeated = await q<{ kind: string }>(
      `SELECT invitation_id, kind, count(*) FROM invitation_events
        WHERE kind NOT IN ('view', 'head', 'accept', 'decline', 'looks-automated') GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    const capacity = await q<{ accepted: string; capacity_max: number; waitlisted: string }>(
      `SELECT count(*) FILTER (WHERE state = 'accepted') AS accepted,
              count(*) FILTER (WHERE state = 'waitlisted') AS waitlisted, max(m.capacity_max) AS capacity_max
         FROM invitations i JOIN meetups m ON m.id = i.meetup_id WHERE m.id = $1`,
      [a],
    );

    console.log(
      `\nmachine: ${machine()}; load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `meetup A: ${capacity[0].accepted} accepted of ${capacity[0].capacity_max} seats, ${capacity[0].waitlisted} waitlisted`,
    );
    console.log(`minute ticks completed: ${ticks[0].n} in the ${ticks[0].minutes} clock minutes the instances ran`);
    // When ticks are missing, say where they stopped: the clock's own queue (send-it), or the tick's jobs by state.
    const tickJobs = await q<{ name: string; state: string; n: string; output: string | null }>(
      `SELECT name, state, count(*) AS n, (array_agg(output::text ORDER BY created_on DESC))[1] AS output
         FROM pgboss.job WHERE name IN ('invitations-tick', '__pgboss__send-it') GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    console.log(
      `tick jobs: ${tickJobs.map((j) => `${j.name} ${j.state} ${j.n}${j.state === 'failed' ? ` (${j.output?.slice(0, 300)})` : ''}`).join('; ')}`,
    );
    console.log(
      `email: ${outbox.length} outbox messages, ${notSent} not sent, ${missing} never arrived, ${twice} arrived twice (${sink.received} arrivals)`,
    );
    console.log(
      `reminders: ${reminded.length} for ${acceptedB.length} accepted members of B; C after its deadline: ${statesC.map((s) => `${s.n} ${s.state}`).join(', ')}`,
    );

    if (over.length > 0) failures.push(`seat counts wrong: ${JSON.stringify(over)}`);
    if (notSent > 0) failures.push(`${notSent} emails not sent`);
    if (missing > 0) failures.push(`${missing} emails never arrived`);
    if (twice > 0) failures.push(`${twice} emails arrived twice`);
    if (sink.received !== outbox.length) failures.push(`${sink.received} arrivals for ${outbox.length} messages`);
    if (Number(ticks[0].n) < 2) failures.push(`only ${ticks[0].n} minute ticks ran`);
    if (Number(ticks[0].n) > Number(ticks[0].minutes)) failures.push('more minute ticks than minutes');
    if (acceptedB.length === 0 || !remindedOnce || reminded.length !== acceptedB.length)
      failures.push('reminders were not sent exactly once to each accepted member of B');
    if (statesC.length !== 1 || statesC[0].state !== 'expired') failures.push('C kept invitations after its deadline');
    if (repeated.length > 0)
      failures.push(
        `${repeated.length} invitation events happened twice (${[...new Set(repeated.map((r) => r.kind))]})`,
      );
    if (Number(capacity[0].waitlisted) === 0) failures.push('nobody waited: the storm did not fill meetup A');
    console.log(failures.length === 0 ? 'result: PASS' : `result: FAIL — ${failures.join('; ')}`);
    if (failures.length > 0) process.exitCode = 1;
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await sql.end();
    await sink.stop();
    await db.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
