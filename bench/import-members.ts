/**
 * Figure: seconds to import a CSV file of members. Baseline from the same run: a bare
 * COPY of the same file into a table with no index or check, the floor any import has
 * to stand on. Targets (issue 18): 1,000,000 rows in ≤ 20 s and ≤ 10× the bare COPY;
 * issue 13: no slower than the old 40–48 s by more than 10 % (≤ 52.8 s). Also prints
 * the app's peak memory (RSS) during the import, and the load average beside it.
 *
 *   npx ts-node -T bench/import-members.ts [rows=1000000] [once]   (once: no re-import)
 */
import { NestFactory } from '@nestjs/core';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { MemberImportService } from '../src/members/member-import.service';
import { CityGazetteerService } from '../src/cities/city-gazetteer.service';
import { machine, seconds, startBenchDatabase } from './support/bench-database';
import { reportFigure } from './support/figures';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ONCE = process.argv[3] === 'once';
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** The process's largest RSS while `run` runs, sampled every 50 ms (the app runs in this process). */
async function peakRss<T>(run: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const result = await run();
    return { result, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}
const CITIES = [
  'Shanghai',
  'Beijing',
  'Shenzhen',
  'Guangzhou',
  'Chengdu',
  'Wuhan',
  'Hangzhou',
  'Xi’an',
  'Nanjing',
  'Harbin',
  // The same cities as a Chinese forum export also writes them (issue 13): every row's city is matched.
  '上海市',
  '北京',
  '深圳市',
  '广州',
  '成都市',
  '武汉',
  '杭州市',
  "Xi'an",
  'NANJING',
  '哈尔滨',
];

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('external_id,email,name,city,province,locale,registered_on,forum_posts,honorary\n');
  for (let i = 0; i < ROWS; i++) {
    const city = CITIES[(i * 7919) % CITIES.length];
    const line = `fan-${i},fan${i}@example.com,"Fan ${i}",${city},,${i % 7 ? 'zh-CN' : 'en'},2015-0${1 + (i % 9)}-1${i % 10},${i % 500},${i % 50 === 0}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'meetloop-import-'));
  const file = join(dir, 'members.csv');
  await writeCsv(file);
  const db = await startBenchDatabase();
  try {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      'CREATE UNLOGGED TABLE copy_floor (a text, b text, c text, d text, e text, f text, g text, h text, i text)',
    );
    const loadBefore = load();
    let t = Date.now();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY copy_floor FROM STDIN (FORMAT csv, HEADER)')));
    const floorMs = Date.now() - t;
    await client.end();
    const loadAfterFloor = load();

    const env = loadEnvironment({ DATABASE_URL: db.url, LOG_LEVEL: 'log' });
    const app = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
      logger: ['error', 'warn', 'log'],
    });
    const imports = app.get(MemberImportService);
    // The cities come from the gazetteer, as in the app (loaded at start); names are matched, not created.
    await app.get(CityGazetteerService).load();
    const rssBefore = process.memoryUsage.rss();
    t = Date.now();
    const { result: first, peak } = await peakRss(() => imports.importCsv(createReadStream(file)));
    const importMs = Date.now() - t;
    const loadAfterImport = load();
    t = Date.now();
    const again = ONCE ? null : await imports.importCsv(createReadStream(file));
    const againMs = Date.now() - t;
    const loadAfterAgain = load();
    await app.close();

    console.log(`machine: ${machine()}`);
    console.log(`rows: ${ROWS.toLocaleString('en')}`);
    console.log(`baseline bare COPY (no checks, no index): ${seconds(floorMs)} s`);
    console.log(
      `first import: ${seconds(importMs)} s = ${Math.round(ROWS / (importMs / 1000)).toLocaleString('en')} rows/s ` +
        `(${first.inserted} new, ${first.rejected} rejected) — ${(importMs / floorMs).toFixed(1)}× the bare COPY`,
    );
    console.log(`app RSS: ${mib(rssBefore)} before the import, peak ${mib(peak)} during it`);
    if (again) {
      console.log(
        `re-import of the same file: ${seconds(againMs)} s (${again.unchanged} unchanged, ${again.updated} updated)`,
      );
    }
    console.log(
      `load average (1/5/15 min): before ${loadBefore}; after the COPY ${loadAfterFloor}; after the import ${loadAfterImport}` +
        (again ? `; after the re-import ${loadAfterAgain}` : ''),
    );
    const ratio = importMs / floorMs;
    const met = (ok: boolean) => (ROWS === 1_000_000 ? (ok ? 'MET' : 'MISSED') : 'n/a (1,000,000 rows only)');
    console.log(`target ≤ 20 s: ${met(importMs <= 20_000)} (${seconds(importMs)} s)`);
    console.log(`target ≤ 10× the bare COPY: ${met(ratio <= 10)} (${ratio.toFixed(1)}×)`);
    console.log(`target (issue 13) ≤ 52.8 s: ${met(importMs <= 52_800)}`);
    reportFigure({
      figure: `Member import, ${ROWS.toLocaleString('en')} rows (s)`,
      value: importMs / 1000,
      baseline: { name: 'bare COPY of the file (s)', value: floorMs / 1000 },
      ratio,
      target: '1,000,000 rows ≤ 20 s and ≤ 10× the bare COPY',
      met: ROWS === 1_000_000 ? importMs <= 20_000 && ratio <= 10 : null,
    });
  } finally {
    await db.stop();
    // 10,000,000 rows are a gigabyte of CSV.
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
