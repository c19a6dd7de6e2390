import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { Environment, EnvironmentError, loadEnvironment, publicUrl } from './config/environment';
import { openDatabase, runMigrations } from './database/database';
import type { RunningDatabase } from './database/embedded-postgres';
import { ensureAppSecret } from './config/app-secret';
import { DemoSeedService } from './members/demo-seed.service';
import { CityGazetteerService } from './cities/city-gazetteer.service';
import { JobsService } from './jobs/jobs.service';
import { AppLogger } from './logging/logging.module';
import { describeRole, servesPages } from './config/role';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

async function bootstrap(env: Environment): Promise<void> {
  const logger = new Logger('Meetloop');
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(env.LOG_LEVEL) + 1);
  // Until Nest is up (embedded PostgreSQL, migrations) Nest's console logger speaks; JSON too in production.
  Logger.overrideLogger(env.NODE_ENV === 'production' ? new ConsoleLogger({ json: true, logLevels }) : logLevels);

  ensureAppSecret(env);
  // Filled once Nest is up; a signal during start-up still stops the database (once it has started).
  const running: { app?: NestExpressApplication; database?: Promise<RunningDatabase> } = {};
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`);
    running.app?.get(JobsService).prepareForShutdown();
    await running.app?.close().catch((e) => logger.error(e));
    const started = await running.database?.catch(() => undefined);
    await started?.stop().catch((e) => logger.error(e));
    process.exit(0);
  };
  // Ctrl-C, a process manager's SIGTERM, a closed terminal: one orderly stop (jobs and in-flight mail
  // finish, pools close, PostgreSQL stops last — it runs in its own process group and hears none of these).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  // After the handlers: loading embedded-postgres drops the signal hooks it would add, not ours.
  running.database = openDatabase(env);
  const database = await running.database;

  await runMigrations(database.url);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register({ env, databaseUrl: database.url }), {
    bodyParser: false,
    bufferLogs: true,
  });
  running.app = app;
  app.useLogger(app.get(AppLogger));
  app.flushLogs();
  configureApp(app);

  // The committed gazetteer of China's cities: idempotent, so every start brings an updated data file in.
  await app.get(CityGazetteerService).load();
  const seedWanted = env.SEED_DEMO === 'true' || (env.SEED_DEMO === 'auto' && database.embedded);
  const seeder = app.get(DemoSeedService);
  if (seedWanted && (await seeder.isEmpty())) {
    logger.log(`Empty database: seeding demo data (${env.DEMO_MEMBERS} members), once`);
    await seeder.seed(env.DEMO_MEMBERS);
  }

  await (env.HOST ? app.listen(env.PORT, env.HOST) : app.listen(env.PORT));
  // Node closes an idle kept-alive connection after 5 s; a proxy or client reusing it at that moment gets a reset
  // (seen as "socket hang up" under load). Outlive the usual proxy idle timeouts (60 s) instead.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const url = publicUrl(env);
  // Short, and the line people need — where to sign in — last.
  const signIn = env.ADMIN_PASSWORD
    ? `${url}/login as ${env.ADMIN_EMAIL ?? 'admin@meetloop.local'}`
    : `${url}/login (on the first start, the admin password is printed above)`;
  logger.log(
    [
      `Meetloop is running on ${url}`,
      `  role:     ${describeRole(env)}`,
      `  database: ${database.embedded ? `embedded PostgreSQL (${database.dataDir ?? env.EMBEDDED_PG_DIR})` : 'DATABASE_URL'}`,
      `  health:   ${url}/health/ready`,
      ...(servesPages(env) ? [`  API docs: ${url}/api/docs`, `  sign in:  ${signIn}`] : []),
    ].join('\n'),
  );
}

let env: Environment;
try {
  env = loadEnvironment();
} catch (error) {
  if (error instanceof EnvironmentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
bootstrap(env).catch((error: unknown) => {
  new Logger('Meetloop').fatal(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
