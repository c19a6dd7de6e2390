import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { Environment } from '../config/environment';
import { DatabaseUrl } from '../database/database-url';
import { runsJobs } from '../config/role';
import { databaseTrouble } from '../common/database-trouble';

export const JOBS_SCHEMA = 'pgboss';
const MAINTENANCE_INTERVAL_SECONDS = 30;
/** How long a stop waits for running jobs (an SMTP conversation ends in well under that). */
const SHUTDOWN_GRACE_MS = 10_000;
/** How often pg-boss's offWork looks whether the workers it stopped have stopped (manager.js). */
const OFFWORK_MONITOR_MS = 1000;

/**
 * Instances starting together on a new database create the same queues and schedules at once. pg-boss's
 * create_queue adds a partition with foreign keys to its queue table, and two of them (or one and a schedule's
 * upsert) can take those locks in opposite orders: PostgreSQL ends one with a deadlock error. Both statements
 * are idempotent, so the loser tries again after a short random wait (3 instances at once in bench/multi-instance.ts).
 */
async function retryOnDeadlock(work: () => Promise<unknown>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

export interface QueueOptions {
  /** Attempts after the first one. */
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time with `retryBackoff`. */
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** A queue (created first) that receives the jobs that used up their retries. */
  deadLetter?: string;
}

export interface WorkOptions {
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

export type JobHandler<T> = (jobs: PgBoss.Job<T>[]) => Promise<void>;

/**
 * The one place that talks to pg-boss. Queues live in PostgreSQL, so every app
 * instance on the same database shares them and nothing is lost in a restart.
 * Feature modules register their queues and workers in `onModuleInit`.
 */
@Injectable()
export class JobsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private started = false;
  private stopping = false;
  private readonly workers = new Map<string, string[]>();

  constructor(
    databaseUrl: DatabaseUrl,
    private readonly env: Environment,
  ) {
    this.boss = new PgBoss({
      connectionString: databaseUrl.url,
      schema: JOBS_SCHEMA,
      max: 4,
      application_name: 'meetloop-jobs',
      // A job whose worker died (kill -9, lost machine) stays 'active' until pg-boss's maintenance sees its
      // expireInSeconds has passed and retries it: look every 30 s rather than the default 120 s.
      maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
      // A web instance (MEETLOOP_ROLE=web) queues jobs but neither runs them nor looks after the queues.
      supervise: runsJobs(env),
      // Tests keep the schedules but not the clock that fires them: a minute tick landing mid-test would change
      // meetups behind its back; tests call the tick themselves, with the time they need.
      // A web instance keeps no clock either: the worker instances fire the schedules.
      schedule: env.NODE_ENV !== 'test' && runsJobs(env),
    });
    this.boss.on('error', (error: Error) =>
      // On Ctrl-C the terminal signals the embedded PostgreSQL too; its goodbye is not an error.
      this.stopping ? this.logger.debug(`pg-boss: ${error.message}`) : this.logger.error(`pg-boss: ${error.message}`),
    );
  }

  async onModuleInit(): Promise<void> {
    process.on('unhandledRejection', this.onUnhandledRejection);
    await this.boss.start();
    this.started = true;
  }

  /**
   * pg-boss 10 records a job's end without waiting for it (`complete`/`fail` in its worker loop, not
   * awaited): when the database is away or read-only at that moment, the rejection reaches no one, and
   * Node ends the process for it — a database restart took the worker down. Such a job stays active and
   * runs again once it expires, which the handlers allow for (a message is claimed once, a tick is
   * idempotent). Any other unhandled rejection still ends the process, as Node would.
   */
  private readonly onUnhandledRejection = (reason: unknown) => {
    const trouble = databaseTrouble(reason);
    if (!trouble) throw reason;
    this.logger.warn(`A job's end was not recorded (database ${trouble}): ${(reason as Error).message}`);
  };

  /** Called first on SIGINT/SIGTERM, before the database may go away. */
  prepareForShutdown(): void {
    this.stopping = true;
  }

  /**
   * Before any module shuts down (Nest runs every beforeApplicationShutdown before the first
   * onApplicationShutdown): workers take no new jobs, and running handlers — a mail batch mid-SMTP —
   * finish, bounded by SHUTDOWN_GRACE_MS, while the SMTP pool and the database pool are still open,
   * so what was sent is marked sent. Closing those first made in-flight messages unknown, sent again later.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.started) {
      this.started = false;
      this.stopping = true;
      await this.boss.stop({ graceful: true, wait: true, timeout: SHUTDOWN_GRACE_MS });
      // pg-boss resolves stop() before its offWork monitors have seen every worker stop (they look once a second,
      // from setImmediate): a worker caught mid-fetch leaves one such timer running past the stop — and past a
      // Jest test file's teardown, where its lazy require fails the file. Let that second look happen first.
      if (this.workerCount > 0) await new Promise((resolve) => setTimeout(resolve, OFFWORK_MONITOR_MS + 100));
    }
    // Only now: pg-boss's unawaited complete/fail calls of the last jobs may still reject while it stops.
    process.removeListener('unhandledRejection', this.onUnhandledRejection);
  }

  async createQueue(name: string, options: QueueOptions = {}): Promise<void> {
    await retryOnDeadlock(() => this.boss.createQueue(name, { name, ...options }));
  }

  /**
   * Queues a job on `cron` (UTC) for as long as the schedule exists. Stored in PostgreSQL and
   * deduplicated by pg-boss, so several instances scheduling the same name make one job per tick.
   * The queue must exist first.
   */
  async schedule(name: string, cron: string, data: object = {}, options: PgBoss.ScheduleOptions = {}): Promise<void> {
    await retryOnDeadlock(() => this.boss.schedule(name, cron, data, options));
  }

  /** Starts a worker for `name` unless this instance runs no jobs (MEETLOOP_ROLE=web or JOBS_WORKERS=false). */
  async work<T>(name: string, options: WorkOptions, handler: JobHandler<T>): Promise<void> {
    if (!runsJobs(this.env)) return;
    const id = await this.boss.work<T>(name, { pollingIntervalSeconds: 2, ...options }, handler);
    this.workers.set(name, [...(this.workers.get(name) ?? []), id]);
  }

  /**
   * Queues a job. Pass the transaction's entity manager to enqueue it in that
   * same transaction: the job exists exactly when the business change commits.
   */
  async send<T extends object>(
    name: string,
    data: T,
    options: PgBoss.SendOptions = {},
    manager?: EntityManager,
  ): Promise<string | null> {
    const db = manager
      ? { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) }
      : undefined;
    return this.boss.send(name, data, { ...options, ...(db ? { db } : {}) });
  }

  /**
   * Queues many jobs in one statement, inside `manager`'s transaction when given. Workers fetch the
   * highest `priority` first (default 0), and among equals the oldest.
   */
  async sendMany<T extends object>(
    name: string,
    data: T[],
    manager?: EntityManager,
    priority: (item: T) => number = () => 0,
  ): Promise<void> {
    if (data.length === 0) return;
    const db = manager
      ? { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) }
      : undefined;
    await this.boss.insert(
      data.map((d) => ({ name, data: d, priority: priority(d) })),
      db ? { db } : {},
    );
  }

  /** Fails these jobs with one reason; pg-boss retries each by its queue's policy. */
  async fail(name: string, jobIds: string[], reason: string): Promise<void> {
    if (jobIds.length === 0) return;
    // pg-boss 10 takes ids and one output together (manager.fail); only its typings leave the pair out.
    const fail = this.boss.fail.bind(this.boss) as (name: string, ids: string[], data: object) => Promise<unknown>;
    await fail(name, jobIds, { message: reason });
  }

  /** Lets this instance's workers of `name` fetch at once instead of at their next poll. */
  notify(name: string): void {
    for (const id of this.workers.get(name) ?? []) this.boss.notifyWorker(id);
  }

  /** True once the app began to stop: a handler that waits (for the SMTP relay) gives up. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** How many workers this instance runs (0 on a web instance). */
  get workerCount(): number {
    return [...this.workers.values()].reduce((n, ids) => n + ids.length, 0);
  }

  get raw(): PgBoss {
    return this.boss;
  }
}
