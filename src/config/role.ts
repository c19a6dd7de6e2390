import { Environment } from './environment';

/**
 * The three ways to run one image (MEETLOOP_ROLE). Every instance shares its state through PostgreSQL,
 * so any number of `web` instances may sit behind a balancer beside one or more `worker` instances.
 */
export type Role = Environment['MEETLOOP_ROLE'];

/** Job workers, mail delivery and the clock of the minute tick run here. JOBS_WORKERS=false turns them off too. */
export const runsJobs = (env: Environment): boolean => env.MEETLOOP_ROLE !== 'web' && env.JOBS_WORKERS;

/** Pages and the JSON API are served here; a worker answers only health and metrics. */
export const servesPages = (env: Environment): boolean => env.MEETLOOP_ROLE !== 'worker';

/** What the console says about this instance. */
export function describeRole(env: Environment): string {
  if (env.MEETLOOP_ROLE === 'worker') return 'worker (jobs, mail delivery, minute tick; HTTP: health and metrics only)';
  if (!runsJobs(env)) return `${env.MEETLOOP_ROLE} (pages and API; no job workers, no minute tick)`;
  return 'all (pages, API, jobs, mail delivery, minute tick)';
}

/** Paths a worker still answers: what a balancer, an orchestrator and Prometheus ask. */
export const WORKER_PATHS = /^\/(health(\/live|\/ready)?|metrics)\/?$/;
