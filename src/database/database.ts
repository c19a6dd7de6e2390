import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';
import { RunningDatabase, startEmbeddedPostgres } from './embedded-postgres';

/** External PostgreSQL when DATABASE_URL is set, the embedded one otherwise. */
export async function openDatabase(
  env: Environment,
  logger = new Logger('Database'),
  options: { shareRunning?: boolean } = {},
): Promise<RunningDatabase> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  return startEmbeddedPostgres({ dataDir: env.EMBEDDED_PG_DIR, port: env.EMBEDDED_PG_PORT, logger, ...options });
}

// Any constant works; it only has to be the same for every instance of the app.
const MIGRATION_LOCK = 472_911_001;

/**
 * Applies pending migrations. Several instances may start at once against one
 * database, so they take turns behind an advisory lock.
 */
export async function runMigrations(url: string, logger = new Logger('Migrations')): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, 2), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  try {
    // The lock belongs to one session, so it is taken and released on one connection.
    const lock = dataSource.createQueryRunner();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations();
      for (const m of applied) logger.log(`Applied migration ${m.name}`);
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await lock.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
