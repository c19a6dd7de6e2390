import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit windows shared by every app instance (the RSVP throttle today, board limits next): one row per
 * key and window, counted with one upsert. UNLOGGED: counters need no crash safety and skip the WAL, which
 * every RSVP request would otherwise write. Rows whose window ended are swept by window_ends_at.
 */
export class RateLimits1796303671077 implements MigrationInterface {
  name = 'RateLimits1796303671077';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
        hits integer NOT NULL CHECK (hits > 0),
        window_ends_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX rate_limit_windows_window_ends_at_idx ON rate_limit_windows (window_ends_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limit_windows`);
  }
}
