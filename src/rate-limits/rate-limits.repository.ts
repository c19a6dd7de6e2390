import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface WindowCount {
  /** Hits in the current window, this one included. */
  hits: number;
  /** Milliseconds until the window ends and the count starts again. */
  msLeft: number;
}

/** The SQL of the shared rate-limit windows (table rate_limit_windows). */
@Injectable()
export class RateLimitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Counts one hit on `key` in one statement: a new or ended window starts at 1, a running one grows by 1.
   * Concurrent hits on one key serialise on its row, so no hit is lost between instances.
   * The row lock lasts until the commit, so the commit does not wait for the WAL to reach the disk
   * (synchronous_commit off, for this statement's transaction only): hits from one address — a whole
   * office behind one NAT answering an invitation — otherwise queue one disk flush each. A crash may
   * forget the last few hundred milliseconds of counts, which only lets a few hits more through.
   */
  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const [row] = await this.dataSource.query(
      `WITH lazy_commit AS (SELECT set_config('synchronous_commit', 'off', true))
       INSERT INTO rate_limit_windows AS w (key, hits, window_ends_at)
       SELECT $1, 1, clock_timestamp() + $2 * interval '1 millisecond' FROM lazy_commit
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN w.window_ends_at <= clock_timestamp() THEN 1 ELSE w.hits + 1 END,
         window_ends_at = CASE WHEN w.window_ends_at <= clock_timestamp() THEN excluded.window_ends_at
                               ELSE w.window_ends_at END
       RETURNING hits, greatest(0, ceil(extract(epoch FROM w.window_ends_at - clock_timestamp()) * 1000))::int AS "msLeft"`,
      [key, windowMs],
    );
    return row as WindowCount;
  }

  /** Deletes windows that ended (rate_limit_windows_window_ends_at_idx). */
  async sweep(): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM rate_limit_windows WHERE window_ends_at < clock_timestamp() - interval '1 minute'`,
    );
    return Number(count ?? 0);
  }
}
