/**
 * Every bench, one after another, at a size that fits about 15 minutes on this 2-core machine (issue 18),
 * then one table: figure / baseline / ratio / target / met. Each bench prints `BENCH-FIGURE {…}` lines
 * (support/figures.ts) beside its own output; a bench that printed none is listed by its exit code. Each
 * bench's whole output is kept in the log folder named at the end.
 *
 *   npx ts-node -T bench/run-all.ts [--only name,name] [--markdown]
 *
 * Exits with 1 when a bench failed (exit code ≠ 0) — a missed target is a row, not a failure.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine } from './support/bench-database';
import { Figure, FIGURE_PREFIX } from './support/figures';

interface Bench {
  name: string;
  args: string[];
  /** Why this size: what it keeps of the full bench. */
  size: string;
  timeoutSeconds: number;
}

const PLAN: Bench[] = [
  {
    name: 'rsvp-accept',
    args: ['1000', '32'],
    // It also prepares a second set of invitations for its pgbench baseline: twice the setup of before.
    size: '1,000 answers a scenario, 32 in flight',
    timeoutSeconds: 420,
  },
  { name: 'import-members', args: ['1000000'], size: '1,000,000 rows', timeoutSeconds: 300 },
  { name: 'city-ranking', args: ['1000000', '200'], size: '1,000,000 members', timeoutSeconds: 240 },
  { name: 'invitee-selection', args: ['500000', '50'], size: '500,000 members', timeoutSeconds: 240 },
  { name: 'member-search', args: ['100000', '200'], size: '100,000 members', timeoutSeconds: 180 },
  {
    name: 'boards',
    args: ['100000', '100', '500', '200000'],
    size: '100,000 members, 200,000 votes',
    timeoutSeconds: 300,
  },
  { name: 'reports', args: ['50'], size: '50 runs', timeoutSeconds: 180 },
  { name: 'engineer-matching', args: ['3'], size: '150 × 26, 3 runs', timeoutSeconds: 120 },
  { name: 'mail-throughput', args: ['10000'], size: '10,000 messages', timeoutSeconds: 240 },
  { name: 'mail-crash', args: ['1000'], size: '1,000 messages', timeoutSeconds: 180 },
  { name: 'ctrl-c', args: ['1000'], size: '1,000 invitations', timeoutSeconds: 180 },
  { name: 'fuzz', args: ['2000'], size: '2,000 requests', timeoutSeconds: 180 },
  {
    name: 'faults',
    args: ['all', '--short'],
    size: 'short: 1,000 mails, PostgreSQL down 5 s, SMTP down 10 s',
    timeoutSeconds: 480,
  },
  { name: 'multi-instance', args: ['120'], size: '2 web + 1 worker, 120 members a meetup', timeoutSeconds: 480 },
  { name: 'start-time', args: ['2'], size: 'fresh clone, 2 restarts', timeoutSeconds: 420 },
];

interface Outcome {
  bench: Bench;
  code: number | null;
  seconds: number;
  figures: Figure[];
  lastLine: string;
}

function run(bench: Bench, logDir: string): Promise<Outcome> {
  const started = Date.now();
  const log = createWriteStream(join(logDir, `${bench.name}.log`));
  const child = spawn('npx', ['ts-node', '-T', join(__dirname, `${bench.name}.ts`), ...bench.args], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const figures: Figure[] = [];
  let lastLine = '';
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(FIGURE_PREFIX)) figures.push(JSON.parse(line.slice(FIGURE_PREFIX.length)) as Figure);
      else if (line.trim()) lastLine = line.trim();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => log.write(chunk));
  // A bench that hangs is stopped with its whole process group (its app processes and PostgreSQL too).
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* gone already */
    }
  }, bench.timeoutSeconds * 1000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      log.end();
      resolve({ bench, code, seconds: (Date.now() - started) / 1000, figures, lastLine });
    }),
  );
}

const num = (n: number | undefined) =>
  n === undefined ? '' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(n >= 10 ? 1 : 2);

function table(outcomes: Outcome[], markdown: boolean): string {
  const header = ['bench', 'figure', 'value', 'baseline', 'ratio', 'target', 'met'];
  const rows: string[][] = [];
  for (const o of outcomes) {
    const failed = o.code !== 0 ? `exit ${o.code ?? 'killed (timeout)'}: ${o.lastLine.slice(0, 80)}` : '';
    if (o.figures.length === 0)
      rows.push([
        o.bench.name,
        `${o.bench.size} (${o.seconds.toFixed(0)} s): ${o.lastLine.slice(0, 60)}`,
        '',
        '',
        '',
        'exit 0',
        failed ? 'NO' : 'yes',
      ]);
    for (const f of o.figures)
      rows.push([
        o.bench.name,
        f.figure,
        num(f.value),
        f.baseline ? `${f.baseline.name} ${num(f.baseline.value)}` : '',
        f.ratio === undefined ? '' : `${num(f.ratio)}`,
        f.target,
        f.met === null ? '—' : f.met ? 'yes' : 'NO',
      ]);
    if (failed && o.figures.length > 0) rows.push([o.bench.name, failed, '', '', '', 'exit 0', 'NO']);
  }
  if (markdown)
    return [header, header.map(() => '---'), ...rows]
      .map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)
      .join('\n');
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
  const markdown = args.includes('--markdown');
  const plan = only ? PLAN.filter((b) => only.includes(b.name)) : PLAN;
  const logDir = mkdtempSync(join(tmpdir(), 'meetloop-bench-'));
  const started = Date.now();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`machine: ${machine()}; load average before: ${load()}`);
  const outcomes: Outcome[] = [];
  for (const bench of plan) {
    process.stdout.write(`${bench.name} (${bench.size}) … `);
    const outcome = await run(bench, logDir);
    outcomes.push(outcome);
    console.log(`${outcome.code === 0 ? 'ok' : `exit ${outcome.code ?? 'killed'}`} in ${outcome.seconds.toFixed(0)} s`);
  }
  console.log(`\n${table(outcomes, markdown)}\n`);
  const minutes = (Date.now() - started) / 60_000;
  const figures = outcomes.flatMap((o) => o.figures);
  console.log(
    `${figures.filter((f) => f.met === true).length} of ${figures.filter((f) => f.met !== null).length} targets met; ` +
      `${outcomes.filter((o) => o.code !== 0).length} benches failed; ${minutes.toFixed(1)} min; ` +
      `load average after: ${load()}; logs in ${logDir}`,
  );
  if (outcomes.some((o) => o.code !== 0)) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
