/**
 * Figure: members imported per second from a CSV file (issue: 1,000,000 rows in
 * under 60 s). Baseline from the same run: a bare COPY of the same file into a
 * table with no index or check, the floor any import has to stand on.
 *
 *   npx ts-node -T bench/import-members.ts [rows=1000000]
 */
import { NestFactory } from '@nestjs/core';
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { AppModule } from '../src/app.module';
import { loadEnvironment } from '../src/config/environment';
import { MemberImportService } from '../src/members/member-import.service';
import { CityGazetteerService } from '../src/cities/city-gazetteer.service';
import { machine, seconds, startBenchDatabase } from './support/bench-database';

const ROWS = Number(process.argv[2] ?? 1_000_000);
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
  const file = join(mkdtempSync(join(tmpdir(), 'meetloop-import-')), 'members.csv');
  await writeCsv(file);
  const db = await startBenchDatabase();
  try {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      'CREATE UNLOGGED TABLE copy_floor (a text, b text, c text, d text, e text, f text, g text, h text, i text)',
    );
    let t = Date.now();
    await pipeline(createReadStream(file), client.query(copyFrom('COPY copy_floor FROM STDIN (FORMAT csv, HEADER)')));
    const floorMs = Date.now() - t;
    await client.end();

    const env = loadEnvironment({ DATABASE_URL: db.url, LOG_LEVEL: 'log' });
    const app = await NestFactory.createApplicationContext(AppModule.register({ env, databaseUrl: db.url }), {
      logger: ['error', 'warn', 'log'],
    });
    const imports = app.get(MemberImportService);
    // The cities come from the gazetteer, as in the app (loaded at start); names are matched, not created.
    await app.get(CityGazetteerService).load();
    t = Date.now();
    const first = await imports.importCsv(createReadStream(file));
    const importMs = Date.now() - t;
    t = Date.now();
    const again = await imports.importCsv(createReadStream(file));
    const againMs = Date.now() - t;
    await app.close();

    console.log(`machine: ${machine()}`);
    console.log(`rows: ${ROWS.toLocaleString('en')}`);
    console.log(`baseline bare COPY (no checks, no index): ${seconds(floorMs)} s`);
    console.log(
      `first import: ${seconds(importMs)} s = ${Math.round(ROWS / (importMs / 1000)).toLocaleString('en')} rows/s ` +
        `(${first.inserted} new, ${first.rejected} rejected) — ${(importMs / floorMs).toFixed(1)}× the bare COPY`,
    );
    console.log(
      `re-import of the same file: ${seconds(againMs)} s (${again.unchanged} unchanged, ${again.updated} updated)`,
    );
    console.log(
      `target: ${ROWS >= 1_000_000 ? (importMs < 60_000 ? 'MET' : 'MISSED') : 'n/a'} (1,000,000 rows < 60 s)`,
    );
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
