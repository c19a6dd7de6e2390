/**
 * Crash test (issue 5): queue N messages, start the app, kill -9 it mid-batch,
 * start it again, and check at the SMTP server that every message arrived, by
 * Message-ID, and how many were resent after the crash (same Message-ID).
 *
 *   npx ts-node -T bench/mail-crash.ts [messages=3000]
 */
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { MailOutboxService } from '../src/mail/mail-outbox.service';
import { buildApp, startApp } from './support/app-process';
import { startBenchDatabase } from './support/bench-database';
import { CountingSink } from './support/counting-sink';

const MESSAGES = Number(process.argv[2] ?? 3000);
const SECRET = 'bench-secret-0123456789abcdef0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  buildApp();
  const db = await startBenchDatabase();
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  const settings = {
    DATABASE_URL: db.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_SECRET: SECRET,
    ADMIN_PASSWORD: 'bench admin password',
    MAIL_LEASE_SECONDS: '5',
    MAIL_RETRY_DELAY_SECONDS: '1',
  };
  const env = loadEnvironment({ ...settings, JOBS_WORKERS: 'false', LOG_LEVEL: 'warn' });
  const ctx = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
    logger: ['error', 'warn'],
  });
  try {
    const mail = ctx.get(MailOutboxService);
    const dataSource = ctx.get(DataSource);
    for (let i = 0; i < MESSAGES; i += 500) {
      await dataSource.transaction(async (manager) => {
        for (let j = i; j < Math.min(i + 500, MESSAGES); j++) {
          await mail.enqueue(manager, {
            idempotencyKey: `crash-${j}`,
            to: `fan${j}@example.com`,
            template: 'notice',
            locale: j % 2 ? 'en' : 'zh-CN',
            data: { title: `Crash test ${j}`, name: `Fan ${j}`, paragraphs: ['Hello.'] },
          });
        }
      });
    }
    console.log(`queued ${MESSAGES} messages`);

    const first = startApp(settings, 'first');
    while (sink.received < MESSAGES * 0.3) {
      if (first.child.exitCode !== null) throw new Error('the app exited before the kill');
      await sleep(20);
    }
    await first.stop('SIGKILL');
    const atKill = sink.received;
    console.log(`kill -9 after ${atKill} messages had arrived`);

    const second = startApp(settings, 'second');
    const started = Date.now();
    const sentCount = async () =>
      Number((await dataSource.query(`SELECT count(*) AS n FROM outbox_messages WHERE state = 'sent'`))[0].n);
    while ((await sentCount()) < MESSAGES && Date.now() - started < 180_000) await sleep(250);
    await sleep(1000);
    await second.stop();

    console.log(
      'outbox states:',
      JSON.stringify(
        await dataSource.query(
          `SELECT state, attempts, count(*)::int AS n FROM outbox_messages GROUP BY 1, 2 ORDER BY 1, 2`,
        ),
      ),
    );
    console.log(
      'job states:',
      JSON.stringify(
        await dataSource.query(
          `SELECT state, count(*)::int AS n FROM pgboss.job WHERE name = 'mail-deliver' GROUP BY 1`,
        ),
      ),
    );
    const ids: { message_id: string }[] = await dataSource.query('SELECT message_id FROM outbox_messages');
    const missing = ids.filter((r) => !sink.byMessageId.has(r.message_id)).length;
    const resent = [...sink.byMessageId.values()].filter((n) => n > 1).length;
    const extra = [...sink.byMessageId.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(`recovery after restart: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`messages: ${MESSAGES}, arrived: ${sink.byMessageId.size} distinct Message-IDs, missing: ${missing}`);
    console.log(`resent after the crash with the same Message-ID: ${resent} messages (${extra} extra copies)`);
    console.log(
      `result: ${missing === 0 ? 'NOTHING LOST' : 'MESSAGES LOST'}; ${resent === 0 ? 'none twice' : 'duplicates only for outcomes unknown at the kill'}`,
    );
    if (missing > 0) process.exitCode = 1;
  } finally {
    await ctx.close();
    await sink.stop();
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
