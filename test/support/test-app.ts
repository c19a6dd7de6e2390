import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { Environment, loadEnvironment } from '../../src/config/environment';
import { createTestDatabase } from './test-database';
import assert from 'node:assert/strict';
import type { DestinationStream } from 'pino';
import { AppLogger } from '../../src/logging/logging.module';

export const TEST_API_TOKEN = 'test-api-token-0123456789abcdef';

export interface TestApp {
  app: INestApplication;
  databaseUrl: string;
  env: Environment;
  db: DataSource;
  /** Authorization header value for the JSON API. */
  bearer: string;
  close(): Promise<void>;
}

/** The whole app on its own fresh database, as main.ts builds it (minus listen). */
export async function createTestApp(
  overrides: Record<string, string> = {},
  /** Another app's database, to run two instances on one database; it is not dropped on close. */
  shared?: { url: string },
  /** Where the app's log lines go (as main.ts logs them), for a test that reads them. */
  logDestination?: DestinationStream,
): Promise<TestApp> {
  // The app's database is the test's own (or `shared`); an override would be dropped without a word.
  assert.ok(!('DATABASE_URL' in overrides), 'createTestApp chooses DATABASE_URL itself; pass `shared` to share one');
  const database = shared ? { url: shared.url, drop: async () => undefined } : await createTestDatabase();
  const env = loadEnvironment({
    NODE_ENV: 'test',
    API_TOKEN: TEST_API_TOKEN,
    APP_SECRET: 'test-app-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'error',
    SMTP_SINK_PORT: '0',
    MAIL_RETRY_DELAY_SECONDS: '1',
    ...overrides,
    DATABASE_URL: database.url,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register({ env, databaseUrl: database.url, logDestination })],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  if (logDestination) app.useLogger(app.get(AppLogger));
  configureApp(app);
  await app.init();
  return {
    app,
    databaseUrl: database.url,
    env,
    db: app.get(DataSource),
    bearer: `Bearer ${TEST_API_TOKEN}`,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
