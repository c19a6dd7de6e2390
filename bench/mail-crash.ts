/**
 * Crash test (issue 5): queue N messages, start the app, kill -9 it in the
 * middle of a batch — from inside the SMTP server, after a message has fully
 * arrived and before its 250 reply, so at least one outcome is unknown to the
 * app — start it again, and check at the SMTP server, by Message-ID, that every
 * message arrived, that nothing else did, and that the only copies sent twice
 * are messages whose outcome the kill left unknown (claimed, 'sending').
 * Exits with 1 when any of that fails.
 *
 *   npx ts-node -T bench/mail-crash.ts [messages=3000]
 */
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { MailOutboxService } from '../src/mail/mail-outbox.service';
import { reportFigure } from './support/figures';
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
  const failures: string[] = [];
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

    // Not a multiple of any batch size: the kill lands while a batch is being sent.
    const killAt = Math.floor(MESSAGES * 0.3) + 7;
    let lastBeforeKill = '';
    const first = startApp(settings, 'first');
    sink.onArrival = (count, messageId) => {
      if (count !== killAt) return;
      lastBeforeKill = messageId;
      first.child.kill('SIGKILL');
    };
    const gaveUp = setTimeout(() => void first.stop('SIGKILL'), 180_000);
    await first.exited;
    clearTimeout(gaveUp);
    sink.onArrival = undefined;
    const atKill = sink.received;
    const inFlight: { message_id: string }[] = await dataSource.query(
      `SELECT message_id FROM outbox_messages WHERE state = 'sending'`,
    );
    const unknown = new Set(inFlight.map((r) => r.message_id));
    const arrivedUnmarked = inFlight.filter((r) => sink.byMessageId.has(r.message_id)).length;
    console.log(
      `kill -9 inside the SMTP server as message ${killAt} arrived (before its 250); ${atKill} had arrived by the exit`,
    );
    console.log(
      `at the kill: ${inFlight.length} messages claimed ('sending'), ${arrivedUnmarked} of them already at the server (outcome unknown to the app)`,
    );
    if (inFlight.length === 0) failures.push('the kill did not land mid-batch (nothing was sending)');
    if (!unknown.has(lastBeforeKill)) failures.push('the message arriving at the kill was not among the sending ones');

    const second = startApp(settings, 'second');
    const started = Date.now();
    const sentCount = async () =>
      Number((await dataSource.query(`SELECT count(*) AS n FROM outbox_messages WHERE state = 'sent'`))[0].n);
    while ((await sentCount()) < MESSAGES && Date.now() - started < 180_000) await sleep(250);
    const recovery = (Date.now() - started) / 1000;
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
    const ids = new Set(
      ((await dataSource.query('SELECT message_id FROM outbox_messages')) as { message_id: string }[]).map(
        (r) => r.message_id,
      ),
    );
    const missing = [...ids].filter((id) => !sink.byMessageId.has(id));
    const strangers = [...sink.byMessageId.keys()].filter((id) => !ids.has(id));
    const twice = [...sink.byMessageId].filter(([, n]) => n > 1).map(([id]) => id);
    const twiceUnexplained = twice.filter((id) => !unknown.has(id));
    const extra = [...sink.byMessageId.values()].reduce((sum, n) => sum + n - 1, 0);
    console.log(`recovery after restart: ${recovery.toFixed(1)} s`);
    console.log(
      `by Message-ID: ${sink.byMessageId.size} distinct of ${MESSAGES} messages, missing ${missing.length}, unknown ${strangers.length}`,
    );
    console.log(
      `copies: ${sink.received} arrivals; ${twice.length} Message-IDs arrived twice (${extra} extra copies), ` +
        `all among the ${unknown.size} whose outcome the kill left unknown: ${twiceUnexplained.length === 0 ? 'yes' : 'NO'}`,
    );
    reportFigure({
      figure: `kill -9 mid-batch, ${MESSAGES.toLocaleString('en')} messages: lost or twice without cause`,
      value: missing.length + strangers.length + twiceUnexplained.length,
      baseline: { name: 'recovery (s)', value: recovery },
      target: '0',
      met: missing.length + strangers.length + twiceUnexplained.length === 0,
    });
    if (missing.length > 0) failures.push(`${missing.length} messages never arrived`);
    if (strangers.length > 0) failures.push(`${strangers.length} unknown Message-IDs arrived`);
    if (twiceUnexplained.length > 0) failures.push(`${twiceUnexplained.length} messages sent twice without a crash`);
    if (ids.size !== MESSAGES) failures.push(`${ids.size} outbox rows for ${MESSAGES} messages`);
    console.log(
      failures.length === 0
        ? `result: PASS — all ${MESSAGES} arrived and each Message-ID is one message; ${extra} copies were resent ` +
            `after the kill, each with the Message-ID of a message whose outcome the kill left unknown`
        : `result: FAIL — ${failures.join('; ')}`,
    );
    if (failures.length > 0) process.exitCode = 1;
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
