import { Logger } from '@nestjs/common';
import { loadEnvironment } from '../config/environment';
import { openDatabase, runMigrations } from '../database/database';

async function main() {
  Logger.overrideLogger(['fatal', 'error', 'warn', 'log']);
  const database = await openDatabase(loadEnvironment());
  try {
    const applied = await runMigrations(database.url);
    new Logger('Migrations').log(applied.length ? `${applied.length} applied` : 'Schema is up to date');
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
