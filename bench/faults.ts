/**
 * Faults (issue 18), on 2 web + 1 worker processes (`node dist/src/main.js`, as production runs them) and a
 * throw-away embedded PostgreSQL this script owns — it stops and starts the server itself, so DATABASE_URL is
 * not used. One rig for all scenarios (starting it is the slow part); each seeds meetups of its own.
 *   db-restart  PostgreSQL stopped (fast shutdown) for 20 s and started again during a storm of accepts and a
 *               wave of 10,000 mails: the app answers 503 meanwhile, never 500, no instance dies; afterwards
 *               every accepted answer is stored once, with its confirmation, and every email arrives once.
 *   smtp-down   the SMTP server down for 60 s during a wave, while members accept: all mail arrives once after,
 *               and the confirmations queued meanwhile go before the invitations still waiting.
 *   read-only   the database made read-only (ALTER SYSTEM default_transaction_read_only + reload), then its disk
 *               full (the answers' event table on a tablespace on a small tmpfs, filled up; root only): writes
 *               answer 503 saying which, never 500; reads work; the same answers go through after.
 *   web-kill    kill -9 of a web instance mid-storm: no half-made answer (state, event, seat and confirmation all
 *               there or none), every answer stored once after the clients try again on the other instance.
 * Each prints what happened, then one table; exits with 1 on any loss. `--short` is what `.ci/run` runs: waves
 * of 1,000 mails, outages of 5 s (PostgreSQL) and 10 s (SMTP).
 *
 *   npx ts-node -T bench/faults.ts [db-restart|smtp-down|read-only|web-kill|all] [--short]
 */
import { machine } from './support/bench-database';
import { reportFigure } from './support/figures';
import { readOnly } from './support/read-only-fault';
import { acceptStorm, call, FaultRig, load, sleep, Tally } from './support/fault-rig';

const SHORT = process.argv.includes('--short');
const WHICH = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'all';
const WAVE_CITIES = SHORT ? 1 : 10; // a first wave is at most 1,000: 1,000 members per city and meetup
const DB_OUTAGE_MS = SHORT ? 5_000 : 20_000;
const SMTP_OUTAGE_MS = SHORT ? 10_000 : 60_000;
const ACCEPTS_PER_MEETUP = SHORT ? 100 : 150;

/** PostgreSQL stopped and started again while members accept and the wave goes out. */
async function dbRestart(rig: FaultRig, failures: string[]): Promise<void> {
  const meetups = await rig.seedMeetups(WAVE_CITIES, 1000, Math.round(ACCEPTS_PER_MEETUP * 0.6));
  await rig.sendWaves(meetups);
  const tokens = await rig.tokens(meetups, ACCEPTS_PER_MEETUP);
  const tally = new Tally();
  const deadline = Date.now() + 240_000;
  const storm = acceptStorm(tokens, (i) => rig.webPorts[i % 2], tally, { deadline, inFlight: 16 });
  // Stop PostgreSQL mid-storm: after a third of the answers, at the latest after 1.5 s (a quiet machine
  // answered all 100 of the short run within 1.5 s, and no accept met the outage).
  const stopBy = Date.now() + 1500;
  while (tally.count(200, 'before') < tokens.length / 3 && Date.now() < stopBy) await sleep(20);
  const arrivedBefore = rig.sink.received;
  tally.phase = 'down';
  const stopped = Date.now();
  await rig.pg.stopServer();
  // What a person and a load balancer see meanwhile: an RSVP page, the API, the readiness probe.
  await sleep(1000);
  const page = await call(rig.webPorts[0], 'GET', `/rsvp/${tokens[tokens.length - 1]}`, undefined, 'text/html');
  const api = await call(rig.webPorts[1], 'GET', `/api/meetups/${meetups[0]}`);
  const ready = await call(rig.webPorts[0], 'GET', '/health/ready');
  const live = await call(rig.webPorts[0], 'GET', '/health/live');
  await sleep(Math.max(0, DB_OUTAGE_MS - (Date.now() - stopped)));
  tally.phase = 'starting';
  await rig.pg.startServer();
  const restarted = Date.now();
  tally.phase = 'after';
  const answered = await storm;
  const drained = await rig.drainOutbox(SHORT ? 120_000 : 300_000);

  console.log(`\n[db-restart] machine: ${machine()}; load average: ${load()}`);
  console.log(
    `PostgreSQL down ${((restarted - stopped) / 1000).toFixed(1)} s, ${rig.sink.received - arrivedBefore} mails ` +
      `arrived after the stop began; outbox drained ${drained.toFixed(1)} s after the restart`,
  );
  console.log(`answers of the app to ${tokens.length} accepts (with retries), by phase:`);
  tally.print();
  console.log(
    `while down: RSVP page ${page.status} (Retry-After ${page.retryAfter ?? '-'}), API ${api.status}, ` +
      `/health/ready ${ready.status}, /health/live ${live.status}; API says: ${api.body.slice(0, 160)}`,
  );
  console.log(`answers: ${await rig.answersCheck(meetups, answered.size, failures)}`);
  console.log(`email: ${await rig.mailCheck(failures)}`);
  if (tally.count(500) > 0) failures.push(`${tally.count(500)} answers were 500`);
  if (tally.count(503, 'down') === 0) failures.push('no 503 while the database was down');
  for (const [what, res] of [
    ['RSVP page', page],
    ['API', api],
    ['readiness', ready],
  ] as const)
    if (res.status !== 503) failures.push(`${what} answered ${res.status} while the database was down`);
  if (live.status !== 200) failures.push(`liveness answered ${live.status} while the database was down`);
  if (answered.size !== tokens.length) failures.push(`${tokens.length - answered.size} accepts never succeeded`);
  rig.instancesCheck(failures);
}

/** The SMTP server down while the wave goes out and members accept. */
async function smtpDown(rig: FaultRig, failures: string[]): Promise<void> {
  const meetups = await rig.seedMeetups(WAVE_CITIES, 1000, 100);
  const base = rig.sink.received;
  await rig.sendWaves(meetups);
  const wave = WAVE_CITIES * 1000;
  while (rig.sink.received - base < wave / 10) await sleep(50);
  await rig.sink.stop();
  const stopped = Date.now();
  const arrivedBefore = rig.sink.received - base;
  // Members answer while the relay is down: each accept queues a confirmation.
  const tally = new Tally();
  tally.phase = 'smtp down';
  const tokens = await rig.tokens(meetups, SHORT ? 50 : 30);
  const answered = await acceptStorm(tokens, (i) => rig.webPorts[i % 2], tally, { deadline: Date.now() + 60_000 });
  const confirmations = new Set(
    (
      await rig.q<{ message_id: string }>(
        `SELECT message_id FROM outbox_messages WHERE template = 'rsvp-changed' AND state <> 'sent'`,
      )
    ).map((r) => r.message_id),
  );
  await sleep(Math.max(0, SMTP_OUTAGE_MS - (Date.now() - stopped)));
  const waitingInvitations = Number(
    (
      await rig.q<{ n: string }>(
        `SELECT count(*) AS n FROM outbox_messages WHERE template = 'invitation' AND state <> 'sent'`,
      )
    )[0].n,
  );
  const from = rig.sink.order.length;
  await rig.sink.start(rig.smtpPort);
  const back = Date.now();
  const drained = await rig.drainOutbox(SHORT ? 120_000 : 300_000);

  // Order after the relay came back: the invitations that arrived before the last confirmation queued during
  // the outage. Only those the workers held when it returned may (a worker holds its batch while it waits).
  const after = rig.sink.order.slice(from);
  const lastConfirmation = after.reduce((last, id, i) => (confirmations.has(id) ? i : last), -1);
  const confirmationsAfter = after.filter((id) => confirmations.has(id)).length;
  const invitationsFirst = lastConfirmation + 1 - confirmationsAfter;
  // The 2 delivery workers hold a batch each (MAIL_CONCURRENCY 10 × 5 = 50) while the relay is down; once it is
  // back, a worker done with its last batch of confirmations fetches invitations again while the other's last
  // confirmations still go out on the shared connections: one more batch may overlap them.
  const held = 3 * 50;

  console.log(`\n[smtp-down] machine: ${machine()}; load average: ${load()}`);
  console.log(
    `SMTP down ${((back - stopped) / 1000).toFixed(1)} s after ${arrivedBefore} of ${wave} invitations arrived; ` +
      `${waitingInvitations} invitations and ${confirmations.size} confirmations waited; drained ${drained.toFixed(1)} s after it returned`,
  );
  console.log(`answers of the app to ${tokens.length} accepts while SMTP was down:`);
  tally.print();
  console.log(
    `after the relay returned: ${confirmationsAfter} of ${confirmations.size} confirmations arrived, the last one as ` +
      `arrival ${lastConfirmation + 1} of ${after.length}; invitations before it: ${invitationsFirst} (held and overlapping batches: at most ${held})`,
  );
  // The first arrivals after it returned, c a confirmation and i an invitation, in tens.
  const pattern = after.slice(0, lastConfirmation + 11).map((id) => (confirmations.has(id) ? 'c' : 'i'));
  console.log(`  ${pattern.join('').replace(/(.{10})/g, '$1 ')}`);
  console.log(`answers: ${await rig.answersCheck(meetups, answered.size, failures)}`);
  console.log(`email: ${await rig.mailCheck(failures)}`);
  if (answered.size !== tokens.length)
    failures.push(`${tokens.length - answered.size} accepts failed while SMTP was down`);
  if (confirmations.size === 0 || waitingInvitations < confirmations.size)
    failures.push('the outage did not overlap the wave');
  if (invitationsFirst > held) failures.push(`${invitationsFirst} invitations went before a waiting confirmation`);
  rig.instancesCheck(failures);
}

/** kill -9 of one of the two web instances in the middle of a storm of accepts. */
async function webKill(rig: FaultRig, failures: string[]): Promise<void> {
  const meetups = await rig.seedMeetups(SHORT ? 1 : 2, 1000, 150);
  await rig.sendWaves(meetups);
  const tokens = await rig.tokens(meetups, SHORT ? 300 : 1000);
  const tally = new Tally();
  let killed = false;
  const storm = acceptStorm(tokens, (i) => (killed ? rig.webPorts[0] : rig.webPorts[i % 2]), tally, {
    deadline: Date.now() + 180_000,
    inFlight: 32,
  });
  while (tally.count(200) + tally.count(201) < tokens.length * 0.4) await sleep(5);
  const web2 = rig.apps[2];
  web2.child.kill('SIGKILL');
  tally.phase = 'killed';
  await web2.exited;
  killed = true;
  const answered = await storm;
  await rig.drainOutbox(120_000);

  console.log(`\n[web-kill] machine: ${machine()}; load average: ${load()}`);
  console.log(`kill -9 of web2 after 40% of ${tokens.length} accepts; the clients then tried web1. Answers:`);
  tally.print();
  console.log(`answers: ${await rig.answersCheck(meetups, answered.size, failures)}`);
  console.log(`email: ${await rig.mailCheck(failures)}`);
  if (tally.count(0, 'killed') === 0) failures.push('the kill cut no request (it landed between requests)');
  if (tally.count(500) > 0) failures.push(`${tally.count(500)} answers were 500`);
  if (answered.size !== tokens.length) failures.push(`${tokens.length - answered.size} accepts never succeeded`);
  rig.instancesCheck(failures, 1);
}

async function main() {
  // web-kill last: it leaves one web instance.
  const scenarios: Record<string, (rig: FaultRig, failures: string[]) => Promise<void>> = {
    'db-restart': dbRestart,
    'smtp-down': smtpDown,
    'read-only': (rig, failures) => readOnly(rig, failures, SHORT),
    'web-kill': webKill,
  };
  const chosen = WHICH === 'all' ? Object.keys(scenarios) : [WHICH];
  if (chosen.some((name) => !scenarios[name]))
    throw new Error(`no scenario ${WHICH}; choose ${Object.keys(scenarios).join(', ')} or all`);
  const results: [string, string[], number][] = [];
  const rigStarted = Date.now();
  // One rig for all: each scenario seeds meetups of its own and checks them; the email check covers all so far.
  const rig = await FaultRig.start({ webs: 2 });
  console.log(`2 web + 1 worker instances and PostgreSQL ready in ${((Date.now() - rigStarted) / 1000).toFixed(1)} s`);
  try {
    for (const name of chosen) {
      const failures: string[] = [];
      const started = Date.now();
      await scenarios[name](rig, failures);
      results.push([name, failures, (Date.now() - started) / 1000]);
    }
  } finally {
    await rig.close();
  }
  console.log(`\nfault          result  time     (load average now ${load()})`);
  for (const [name, failures, s] of results)
    console.log(
      `${name.padEnd(14)} ${failures.length ? 'FAIL' : 'PASS'}    ${s.toFixed(0).padStart(4)} s  ${failures.join('; ')}`,
    );
  for (const [name, failures] of results)
    reportFigure({
      figure: `fault ${name}${SHORT ? ' (short)' : ''}: losses and 500s`,
      value: failures.length,
      target: 'none (0 checks failed)',
      met: failures.length === 0,
    });
  if (results.some(([, failures]) => failures.length > 0)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
