/**
 * Ctrl-C during delivery (issue 12, item 1). Starts the built app as a terminal would — in a process
 * group of its own, on its embedded PostgreSQL, mail to a counting SMTP peer — sends a wave of
 * 1,000+ invitations, and sends SIGINT to the whole group while the messages are on their way.
 * Checks: exit code 0, "Embedded PostgreSQL stopped" printed, no unhandled error or stack trace;
 * then starts the app again and checks at the SMTP peer that every message arrived exactly once
 * (0 Message-IDs twice). Exits with 1 when any of that fails.
 *
 *   npx ts-node -T bench/ctrl-c.ts [invitations=1000] [signal=SIGINT]
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { buildApp } from './support/app-process';
import { machine, seconds } from './support/bench-database';
import { CountingSink } from './support/counting-sink';

const INVITATIONS = Number(process.argv[2] ?? 1000);
const SIGNAL = (process.argv[3] ?? 'SIGINT') as NodeJS.Signals;
const ROOT = join(__dirname, '..');
const TOKEN = 'bench-ctrl-c-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The app as `npm start` runs it from a terminal: its own process group, like a shell's foreground job. */
function startApp(env: Record<string, string>): Run {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

async function waitFor(run: Run, text: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!run.output().includes(text)) {
    if (Date.now() > until || run.child.exitCode !== null) throw new Error(`no "${text}":\n${run.output()}`);
    await sleep(100);
  }
}

async function main() {
  buildApp();
  const dir = mkdtempSync(join(tmpdir(), 'meetloop-ctrl-c-'));
  chmodSync(dir, 0o755); // as root, the postgres OS user must reach the data folder (else it moves elsewhere)
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  const [port, pgPort] = [await freePort(), await freePort()];
  const env = {
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_PG_DIR: join(dir, 'postgres'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_SECRET: 'bench-secret-0123456789abcdef0123456789',
    API_TOKEN: TOKEN,
    ADMIN_PASSWORD: 'bench admin password',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'log',
    MAIL_LEASE_SECONDS: '5',
    MAIL_RETRY_DELAY_SECONDS: '1',
  };
  const failures: string[] = [];
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  try {
    const first = startApp(env);
    await waitFor(first, 'Meetloop is running', 120_000);
    const members = Array.from({ length: INVITATIONS }, (_, i) => ({
      externalId: `cc-${i}`,
      email: `fan${i}@example.com`,
      name: `Fan ${i}`,
      city: 'Ctrlcity',
      locale: i % 2 ? 'en' : 'zh-CN',
      registeredOn: '2020-01-01',
    }));
    await api('POST', '/api/members/bulk', members);
    const cities = (await api('GET', '/api/cities')) as unknown as { id: number; name: string }[];
    const cityId = cities.find((c) => c.name === 'Ctrlcity')!.id;
    const day = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const meetup = await api('POST', '/api/meetups', {
      cityId,
      title: 'Ctrl-C meetup',
      startsAt: `${day}T19:00`,
      endsAt: `${day}T21:00`,
      capacityMin: 30,
      capacityMax: 500,
    });
    await api('POST', `/api/meetups/${meetup.id}/status`, { status: 'scheduled' });
    await api('PATCH', `/api/meetups/${meetup.id}/invitations/settings`, { firstWaveSize: INVITATIONS });

    // Mid-delivery: the signal goes to the app's whole process group, as Ctrl-C in a terminal does.
    const signalAt = Math.floor(INVITATIONS * 0.3) + 7;
    let signalledAt = 0;
    sink.onArrival = (count) => {
      if (count !== signalAt) return;
      signalledAt = Date.now();
      process.kill(-first.child.pid!, SIGNAL);
    };
    const wave = await api('POST', `/api/meetups/${meetup.id}/invitations`, { wave: 'next' });
    console.log(`wave ${String(wave.wave ?? '')}: ${String(wave.invited)} invitations queued`);
    const gaveUp = setTimeout(() => process.kill(-first.child.pid!, 'SIGKILL'), 120_000);
    const { code, signal } = await first.exit;
    clearTimeout(gaveUp);
    sink.onArrival = undefined;
    const stoppedIn = Date.now() - signalledAt;
    const out = first.output();
    console.log(
      `${SIGNAL} to the group as message ${signalAt} arrived; the app exited with ${code ?? signal} after ${seconds(stoppedIn)} s; ` +
        `${sink.received} messages had arrived`,
    );
    if (code !== 0) failures.push(`exit ${code ?? signal}, not 0`);
    if (!out.includes('Embedded PostgreSQL stopped')) failures.push('"Embedded PostgreSQL stopped" was not printed');
    const bad = out.split('\n').filter((l) => /unhandled|uncaught|\n?\s+at \S+ \(|ERROR|FATAL/i.test(l));
    if (bad.length > 0) failures.push(`errors in the output:\n${bad.slice(0, 10).join('\n')}`);
    if (wave.invited !== INVITATIONS) failures.push(`the wave invited ${String(wave.invited)}, not ${INVITATIONS}`);

    const second = startApp(env);
    await waitFor(second, 'Meetloop is running', 120_000);
    const db = new Client({ connectionString: `postgres://postgres:meetloop@127.0.0.1:${pgPort}/meetloop` });
    await db.connect();
    const started = Date.now();
    const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    while ((await count(`SELECT count(*) AS n FROM outbox_messages WHERE state <> 'sent'`)) > 0) {
      if (Date.now() - started > 120_000) break;
      await sleep(250);
    }
    await sleep(1000);
    const ids: string[] = (await db.query('SELECT message_id FROM outbox_messages')).rows.map(
      (r: { message_id: string }) => r.message_id,
    );
    await db.end();
    process.kill(-second.child.pid!, SIGNAL);
    const again = await second.exit;
    if (again.code !== 0) failures.push(`the second run exited with ${again.code ?? again.signal}`);

    const missing = ids.filter((id) => !sink.byMessageId.has(id));
    const twice = [...sink.byMessageId].filter(([, n]) => n > 1);
    const strangers = [...sink.byMessageId.keys()].filter((id) => !ids.includes(id));
    console.log(
      `after the restart: ${ids.length} messages in the outbox, ${sink.byMessageId.size} distinct Message-IDs at the peer, ` +
        `${missing.length} missing, ${twice.length} twice, ${strangers.length} unknown (${machine()})`,
    );
    if (missing.length > 0) failures.push(`${missing.length} messages never arrived`);
    if (twice.length > 0) failures.push(`${twice.length} Message-IDs arrived twice`);
    if (strangers.length > 0) failures.push(`${strangers.length} unknown Message-IDs arrived`);
  } catch (error) {
    failures.push(String(error));
  } finally {
    await sink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(failures.length === 0 ? 'result: PASS' : `result: FAIL — ${failures.join('; ')}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

void main();
