import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { JobsService } from '../jobs/jobs.service';
import { Environment, EnvironmentError, loadEnvironment } from '../config/environment';
import { openDatabase, runMigrations } from '../database/database';
import { ensureAppSecret } from '../config/app-secret';

/**
 * Runs `task` inside the app (no HTTP server) against the configured database: the embedded one the
 * running app started, or — when the app is stopped — the embedded one started here and stopped afterwards.
 */
export async function runCli(name: string, task: (app: INestApplicationContext, env: Environment) => Promise<number>) {
  const logger = new Logger(name);
  let env: Environment;
  try {
    env = loadEnvironment();
  } catch (error) {
    console.error(error instanceof EnvironmentError ? error.message : error);
    process.exit(1);
  }
  Logger.overrideLogger(['fatal', 'error', 'warn', 'log']);
  ensureAppSecret(env);
  // Beside a running app, its PostgreSQL (found through the data folder) is used and left running.
  const database = await openDatabase(env, new Logger('Database'), { shareRunning: true });
  let code = 1;
  try {
    await runMigrations(database.url);
    const app = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: database.url }), {
      logger: ['fatal', 'error', 'warn'],
    });
    try {
      code = await task(app, env);
    } finally {
      app.get(JobsService).prepareForShutdown();
      await app.close();
    }
  } catch (error) {
    logger.error(error instanceof Error ? error.message : String(error));
  } finally {
    await database.stop();
  }
  process.exit(code);
}
