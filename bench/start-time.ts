/**
 * Start times on a fresh clone (issue 17): `npm start` until GET /health answers 200 — the first start
 * (build, new embedded PostgreSQL cluster, migrations, demo seed) and a restart with unchanged code — next
 * to the baseline measured in the same run: a restart the way `npm start` did it before (a full
 * `nest build`, then the app).
 *
 *   npx ts-node -T bench/start-time.ts [restarts=3]
 *
 * Clones HEAD of this checkout into a temp folder and installs it with `npm ci --prefer-offline` (from the npm
 * cache). Uses PORT/EMBEDDED_PG_PORT/SMTP_SINK_PORT from the environment when set.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine } from './support/bench-database';
import { reportFigure } from './support/figures';

const RESTARTS = Number(process.argv[2] ?? 3);
const ROOT = join(__dirname, '..');
const PORT = process.env.PORT ?? '3105';
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT,
  EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT ?? '54405',
  SMTP_SINK_PORT: process.env.SMTP_SINK_PORT ?? '2605',
  LOG_LEVEL: 'warn',
};
delete env.DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${PORT}/health`)).status === 200;
  } catch {
    return false;
  }
}

/** Runs `command` in its own process group until /health answers; returns the seconds it took, then stops it. */
async function timeToHealth(dir: string, command: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child: ChildProcess = spawn(command, args, { cwd: dir, env, stdio: 'ignore', detached: true });
  let exited = false;
  child.once('exit', () => (exited = true));
  while (!(await healthy())) {
    if (exited) throw new Error(`${command} ${args.join(' ')} exited before /health answered`);
    if (performance.now() - started > 180_000) throw new Error('no /health after 180 s');
    await sleep(50);
  }
  const seconds = (performance.now() - started) / 1000;
  process.kill(-child.pid!, 'SIGTERM');
  while (!exited) await sleep(50);
  while (await healthy()) await sleep(50);
  return seconds;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'meetloop-start-'));
  try {
    const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: ROOT }).toString().trim();
    execFileSync('git', ['clone', '-q', '-b', branch, ROOT, dir], { stdio: 'inherit' });
    const installStarted = performance.now();
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const install = (performance.now() - installStarted) / 1000;

    const first = await timeToHealth(dir, 'npm', ['start']);
    const restarts: number[] = [];
    for (let i = 0; i < RESTARTS; i++) restarts.push(await timeToHealth(dir, 'npm', ['start']));
    // The baseline: what every `npm start` did before — a full nest build (tsc), then the app.
    const baseline: number[] = [];
    for (let i = 0; i < RESTARTS; i++)
      baseline.push(await timeToHealth(dir, 'sh', ['-c', 'npx nest build && exec node dist/src/main.js']));

    console.log(
      `\nmachine: ${machine()}; load average: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`fresh clone of ${branch}; npm ci --prefer-offline: ${install.toFixed(1)} s (not counted below)`);
    console.log(
      `first npm start to /health (build, new cluster, migrations, 100,000-member seed): ${first.toFixed(1)} s`,
    );
    console.log(
      `restart, npm start (unchanged code):   ${restarts.map((s) => s.toFixed(1)).join(', ')} s; median ${median(restarts).toFixed(1)} s`,
    );
    console.log(
      `baseline restart, nest build + start:  ${baseline.map((s) => s.toFixed(1)).join(', ')} s; median ${median(baseline).toFixed(1)} s`,
    );
    console.log(`restart speed-up: ${(median(baseline) / median(restarts)).toFixed(1)}×`);
    reportFigure({ figure: 'first npm start to /health (s)', value: first, target: '≤ 15 s', met: first <= 15 });
    reportFigure({
      figure: 'restart, unchanged code, median (s)',
      value: median(restarts),
      baseline: { name: 'nest build + start', value: median(baseline) },
      ratio: median(baseline) / median(restarts),
      target: '≤ 5 s',
      met: median(restarts) <= 5,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
