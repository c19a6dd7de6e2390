import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { JOBS_SCHEMA } from '../../src/jobs/jobs.service';
import { startThrowawayPostgres, RunningDatabase } from '../../src/database/embedded-postgres';
import { runMigrations } from '../../src/database/database';
import { TEMPLATE_DATABASE } from './test-database';

declare global {
  var __MEETLOOP_PG__: RunningDatabase | undefined;
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
    const pg = await startThrowawayPostgres();
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
