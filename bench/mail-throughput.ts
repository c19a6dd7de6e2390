/**
 * Figures (issue 5): rendering + queueing ≥ 1,000 messages/s; delivery ≥ 300
 * messages/s to a local SMTP server; 50,000 queued messages drain without the
 * app's memory growing past 300 MB. The app runs as a child process
 * (`node dist/src/main.js`) so its memory is its own. Baseline from the same
 * run: nodemailer's pool sending straight to the same SMTP server, no outbox.
 *
 *   npx ts-node -T bench/mail-throughput.ts [messages=50000]
 */
import { NestFactory } from '@nestjs/core';
import nodemailer from 'nodemailer';
import os from 'node:os';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { MailOutboxService } from '../src/mail/mail-outbox.service';
import { MailRenderer } from '../src/mail/mail-renderer';
import { buildApp, startApp } from './support/app-process';
import { reportFigure } from './support/figures';
import { machine, startBenchDatabase } from './support/bench-database';
import { CountingSink } from './support/counting-sink';

const MESSAGES = Number(process.argv[2] ?? 50_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const data = (i: number) => ({
  title: `Meetup news ${i}`,
  name: `Fan ${i}`,
  paragraphs: ['See you on Saturday.', 'Bring questions.'],
});

async function main() {
  buildApp();
  const db = await startBenchDatabase();
  const sink = new CountingSink();
  const smtpPort = await sink.start();
  const settings = {
    DATABASE_URL: db.url,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    APP_SECRET: 'bench-secret-0123456789abcdef0123456789',
    ADMIN_PASSWORD: 'bench admin password',
  };
  const ctx = await NestFactory.createApplicationContext(
    AppModule.register({
      env: loadEnvironment({ ...settings, JOBS_WORKERS: 'false', LOG_LEVEL: 'warn' }),
      databaseUrl: db.url,
    }),
    { logger: ['error', 'warn'] },
  );
  try {
    const renderer = new MailRenderer();
    let t = Date.now();
    for (let i = 0; i < 5000; i++) renderer.render('notice', i % 2 ? 'en' : 'zh-CN', data(i));
    const renderRate = 5000 / ((Date.now() - t) / 1000);
    const loadAtStart = os.loadavg();

    const mail = ctx.get(MailOutboxService);
    const dataSource = ctx.get(DataSource);
    t = Date.now();
    for (let i = 0; i < MESSAGES; i += 1000) {
      await dataSource.transaction((manager) =>
        mail.enqueueMany(
          manager,
          Array.from({ length: Math.min(1000, MESSAGES - i) }, (_, k) => ({
            idempotencyKey: `tp-${i + k}`,
            to: `fan${i + k}@example.com`,
            template: 'notice',
            locale: 'en' as const,
            data: data(i + k),
          })),
        ),
      );
    }
    const queueRate = MESSAGES / ((Date.now() - t) / 1000);

    const rawBefore = await rawPool(smtpPort, renderer, Math.min(10_000, MESSAGES));
    const loadBefore = os.loadavg();
    sink.reset();
    const app = startApp(settings, 'app');
    let maxRss = 0;
    const firstAt = await (async () => {
      while (sink.received === 0) await sleep(5);
      return Date.now();
    })();
    const startRss = app.rssMb();
    while (sink.received < MESSAGES) {
      maxRss = Math.max(maxRss, app.rssMb());
      if (app.child.exitCode !== null) throw new Error('the app exited');
      await sleep(200);
    }
    const deliveryRate = (MESSAGES - 1) / ((Date.now() - firstAt) / 1000);
    const loadDuring = os.loadavg();
    const endRss = app.rssMb();
    await app.stop();
    const distinct = sink.byMessageId.size;
    const duplicates = [...sink.byMessageId.values()].filter((n) => n > 1).length;
    const rawAfter = await rawPool(smtpPort, renderer, Math.min(10_000, MESSAGES));
    const rawRate = (rawBefore + rawAfter) / 2;

    const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    const renderAndQueue = 1 / (1 / renderRate + 1 / queueRate);
    console.log(`machine: ${machine()}`);
    console.log(
      `load average (1/5/15 min): ${load(loadAtStart)} at the start, ${load(loadBefore)} before delivery, ${load(loadDuring)} at its end`,
    );
    console.log(`render only: ${Math.round(renderRate)} msg/s`);
    console.log(
      `queue only (outbox rows + jobs, enqueueMany of 1,000 per transaction): ${Math.round(queueRate)} msg/s`,
    );
    console.log(
      `render + queue, one after the other: ${Math.round(renderAndQueue)} msg/s — target ≥ 1,000: ${renderAndQueue >= 1000 ? 'MET' : 'MISSED'}`,
    );
    console.log(
      `delivery of ${MESSAGES.toLocaleString('en')} by the app: ${Math.round(deliveryRate)} msg/s — target ≥ 300: ${deliveryRate >= 300 ? 'MET' : 'MISSED'}`,
    );
    console.log(
      `baseline, nodemailer pool (10 connections) straight to the same server: ${Math.round(rawBefore)} msg/s before, ` +
        `${Math.round(rawAfter)} msg/s after; the app reaches ${((deliveryRate / rawRate) * 100).toFixed(0)}% of their mean`,
    );
    console.log(
      `app memory (RSS): ${startRss.toFixed(0)} MB when delivery began, ${maxRss.toFixed(0)} MB at most, ${endRss.toFixed(0)} MB at the end — target < 300 MB: ${maxRss < 300 ? 'MET' : 'MISSED'}`,
    );
    console.log(`at the SMTP server: ${distinct.toLocaleString('en')} distinct Message-IDs, ${duplicates} sent twice`);
    reportFigure({
      figure: 'render + queue (msg/s)',
      value: renderAndQueue,
      target: '≥ 1,000 msg/s',
      met: renderAndQueue >= 1000,
    });
    reportFigure({
      figure: `delivery of ${MESSAGES.toLocaleString('en')} (msg/s)`,
      value: deliveryRate,
      baseline: { name: 'nodemailer pool', value: rawRate },
      ratio: deliveryRate / rawRate,
      target: '≥ 300 msg/s, 0 twice',
      met: deliveryRate >= 300 && duplicates === 0,
    });
    reportFigure({ figure: 'app RSS at most (MB)', value: maxRss, target: '< 300 MB', met: maxRss < 300 });
  } finally {
    await ctx.close();
    await sink.stop();
    await db.stop();
  }
}

/** Messages per second that nodemailer's pool alone sends to the server: the same rendered message, no outbox. */
async function rawPool(port: number, renderer: MailRenderer, count: number): Promise<number> {
  const raw = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: 10,
    maxMessages: 1000,
  } as never);
  const rendered = renderer.render('notice', 'en', data(0));
  const t = Date.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      raw.sendMail({
        from: 'bench@example.com',
        to: `raw${i}@example.com`,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
      }),
    ),
  );
  const rate = count / ((Date.now() - t) / 1000);
  raw.close();
  return rate;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
