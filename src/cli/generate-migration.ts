import { Logger } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadEnvironment } from '../config/environment';
import { dataSourceOptions } from '../database/data-source-options';
import { openDatabase, runMigrations } from '../database/database';

/**
 * Writes the SQL that would bring the database to the entities into a new
 * migration file: a draft to read and edit, never applied unread.
 */
async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('Usage: npm run migration:generate -- WhatChanged   (PascalCase)');
    process.exit(2);
  }
  Logger.overrideLogger(['fatal', 'error', 'warn', 'log']);
  const database = await openDatabase(loadEnvironment());
  try {
    await runMigrations(database.url);
    const dataSource = new DataSource(dataSourceOptions(database.url, 1));
    await dataSource.initialize();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    await dataSource.destroy();
    if (sql.upQueries.length === 0) {
      console.log('The entities match the schema: no migration needed.');
      return;
    }
    const timestamp = Date.now();
    const q = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
    const up = sql.upQueries.map((x) => `    await db.query(${q(x.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((x) => `    await db.query(${q(x.query)});`)
      .join('\n');
    const file = join(__dirname, '..', '..', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
        `// Generated draft: review every statement (constraints, indexes, data) before committing.\n` +
        `export class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n` +
        `  async up(db: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(db: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    console.log(`Wrote ${file}`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
