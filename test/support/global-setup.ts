import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { JOBS_SCHEMA } from '../../src/jobs/jobs.service';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startEmbeddedPostgres, RunningDatabase } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/database';
import { TEMPLATE_DATABASE } from './test-database';

declare global {
  var __MEETLOOP_PG__: RunningDatabase | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * One PostgreSQL for the whole run: the one in DATABASE_URL, or a throw-away
 * embedded cluster. Migrations run once into a template; each test file then
 * gets its own copy (CREATE DATABASE … TEMPLATE), so files run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  Logger.overrideLogger(['fatal', 'error', 'warn']);
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'meetloop-test-'));
    chmodSync(dir, 0o755); // as root, the postgres OS user must be able to enter it
    const pg = await startEmbeddedPostgres({
      dataDir: join(dir, 'postgres'),
      port: await freePort(),
      ephemeral: true,
      database: 'postgres',
    });
    globalThis.__MEETLOOP_PG__ = pg;
    adminUrl = pg.url;
  }
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const templateUrl = adminUrl.replace(/\/[^/?]*(\?|$)/, `/${TEMPLATE_DATABASE}$1`);
  await runMigrations(templateUrl);
  // pg-boss installs its own schema on first start; doing it once here keeps each test file's start fast.
  const boss = new PgBoss({ connectionString: templateUrl, schema: JOBS_SCHEMA, supervise: false, schedule: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
  process.env.MEETLOOP_TEST_ADMIN_URL = adminUrl;
}
