import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Builds dist/ (changed files only, as `npm start` does), so the app runs as in production: `node dist/src/main.js`. */
export function buildApp(): void {
  execFileSync(process.execPath, [join(ROOT, 'src', 'cli', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

export interface AppProcess {
  child: ChildProcess;
  /** Resident memory of the app process in MB, from /proc. */
  rssMb(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<void>;
}

/** Starts the built app as a child process with the given settings. */
export function startApp(env: Record<string, string>, label = 'app'): AppProcess {
  // BENCH_APP_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the app itself; BENCH_FULL_LOGS=1 prints
  // whole log chunks (stack traces, e.g. with --trace-deprecation) instead of first lines.
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = (chunk: Buffer) => {
    const text = chunk.toString().trim();
    if (!text || /First admin created/.test(text)) return;
    // A log line in one line (all of it with BENCH_FULL_LOGS); anything else (a crash's stack) in full enough to
    // see where it came from.
    const lines = process.env.BENCH_FULL_LOGS
      ? [text]
      : text.startsWith('{')
        ? text.split('\n').slice(0, 1)
        : text.split('\n').slice(0, 20);
    console.log(
      lines.map((line) => `[${label}] ${process.env.BENCH_FULL_LOGS ? line : line.slice(0, 300)}`).join('\n'),
    );
  };
  child.stdout!.on('data', log);
  child.stderr!.on('data', log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    rssMb: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
