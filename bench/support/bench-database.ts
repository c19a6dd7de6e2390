import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { startThrowawayPostgres } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/database';

export interface BenchDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark: a new database on the server in
 * DATABASE_URL, or a throw-away embedded cluster.
 */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => undefined as void;
  if (!serverUrl) {
    const pg = await startThrowawayPostgres();
    serverUrl = pg.url;
    stopServer = () => pg.stop();
  }
  const db = await createBenchDatabase(serverUrl);
  return {
    url: db.url,
    stop: async () => {
      await db.stop();
      await stopServer();
    },
  };
}

/** A new, migrated database on the server at `serverUrl`; `stop` drops it. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `meetloop_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  await runMigrations(url);
  return {
    url,
    stop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export const seconds = (ms: number) => (ms / 1000).toFixed(2);

export function machine(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('node:os') as typeof import('node:os');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
