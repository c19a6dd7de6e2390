import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { JOBS_SCHEMA } from '../jobs/jobs.service';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * What Prometheus scrapes at /metrics. One registry per app (tests run several apps in one process).
 * HTTP timings are this instance's; the database-derived gauges (outbox, queues, invitations) are the
 * same on every instance — aggregate them with max(), not sum().
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;

  constructor(private readonly dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry, prefix: 'meetloop_' });
    this.http = new Histogram({
      name: 'meetloop_http_request_duration_seconds',
      help: 'HTTP requests by route pattern (never the raw path: it may hold a token) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.databaseGauges();
  }

  /** Express middleware: times every request and labels it with the route it matched. */
  httpTimer() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const stop = this.http.startTimer();
      res.once('finish', () => {
        // Express sets req.route to the matched route; its path is the pattern (/rsvp/:token), never the token.
        const route = (req.route as { path?: string } | undefined)?.path;
        stop({ method: req.method, route: route ?? 'unmatched', status: String(res.statusCode) });
      });
      next();
    };
  }

  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private gauge(name: string, help: string, labelNames: string[], collect: (g: Gauge) => Promise<void> | void): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }

  private databaseGauges(): void {
    const pool = () => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    this.gauge('meetloop_db_pool_connections', "This instance's database pool by state", ['state'], (g) => {
      const p = pool();
      if (!p) return;
      g.set({ state: 'in_use' }, p.totalCount - p.idleCount);
      g.set({ state: 'idle' }, p.idleCount);
      g.set({ state: 'waiting' }, p.waitingCount);
    });

    // Outbox rows not yet sent, and dead letters (outbox_messages_state_created_at_idx).
    const outbox = () =>
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE state IN ('queued', 'sending'))::int AS unsent,
                count(*) FILTER (WHERE state = 'dead')::int AS dead,
                coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state IN ('queued', 'sending'))), 0)::float AS oldest
           FROM outbox_messages WHERE state IN ('queued', 'sending', 'dead')`,
      ) as Promise<{ unsent: number; dead: number; oldest: number }[]>;
    this.gauge('meetloop_outbox_unsent', 'Emails decided but not yet accepted by the SMTP relay', [], async (g) => {
      g.set((await outbox())[0].unsent);
    });
    this.gauge('meetloop_outbox_oldest_unsent_seconds', 'Age of the oldest unsent email (0: none)', [], async (g) => {
      g.set((await outbox())[0].oldest);
    });
    this.gauge(
      'meetloop_outbox_dead_letters',
      'Emails that used up their retries (staff resend them)',
      [],
      async (g) => {
        g.set((await outbox())[0].dead);
      },
    );

    this.gauge(
      'meetloop_job_queue_jobs',
      'pg-boss jobs waiting or running, by queue and state',
      ['queue', 'state'],
      async (g) => {
        g.reset();
        const rows: { name: string; state: string; n: number }[] = await this.dataSource.query(
          `SELECT name, state::text, count(*)::int AS n FROM ${JOBS_SCHEMA}.job
          WHERE state IN ('created', 'retry', 'active') GROUP BY 1, 2`,
        );
        for (const r of rows) g.set({ queue: r.name, state: r.state }, r.n);
      },
    );

    this.gauge(
      'meetloop_invitations',
      'Invitations by state: the RSVP answers by kind (accepted, declined, waitlisted, …)',
      ['state'],
      async (g) => {
        g.reset();
        const rows: { state: string; n: number }[] = await this.dataSource.query(
          `SELECT state, count(*)::int AS n FROM invitations GROUP BY state`,
        );
        for (const r of rows) g.set({ state: r.state }, r.n);
      },
    );
  }
}
