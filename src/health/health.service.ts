import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const TIMEOUT_MS = 2000;

/** Resolves to `fallback` when `work` takes longer than the timeout (a hung database must not hang a probe). */
async function within<T>(work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), TIMEOUT_MS)));
  try {
    return await Promise.race([work.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Readiness {
  database: boolean;
  migrations: boolean;
}

/** What the health probes ask: is the database there, and is its schema the one this code expects? */
@Injectable()
export class HealthService {
  // Once every migration this code knows is applied, it stays applied: later checks only ask for SELECT 1.
  private migrationsSeenCurrent = false;

  constructor(private readonly dataSource: DataSource) {}

  databaseUp(): Promise<boolean> {
    return within(
      this.dataSource.query('SELECT 1').then(() => true),
      false,
    );
  }

  async readiness(): Promise<Readiness> {
    const database = await this.databaseUp();
    if (!database) return { database, migrations: this.migrationsSeenCurrent };
    if (!this.migrationsSeenCurrent) this.migrationsSeenCurrent = await within(this.migrationsCurrent(), false);
    return { database, migrations: this.migrationsSeenCurrent };
  }

  /** Every migration shipped with this code is recorded in the migrations table (another instance may be mid-way). */
  private async migrationsCurrent(): Promise<boolean> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM "${table}"`);
    const applied = new Set(rows.map((r) => r.name));
    return this.dataSource.migrations.every((m) => applied.has(m.name ?? m.constructor.name));
  }
}
