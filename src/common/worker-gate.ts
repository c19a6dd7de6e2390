import type { NextFunction, Request, Response } from 'express';
import { Environment } from '../config/environment';
import { servesPages, WORKER_PATHS } from '../config/role';

/**
 * A worker instance (MEETLOOP_ROLE=worker) listens only so that a balancer, an orchestrator and
 * Prometheus can ask it how it is: every other path answers 404 before any page or API code runs.
 */
export function workerGate(env: Environment) {
  const open = servesPages(env);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (open || WORKER_PATHS.test(req.path)) return next();
    res.status(404).json({
      statusCode: 404,
      error: 'Not Found',
      message: 'This instance is a worker (MEETLOOP_ROLE=worker): it answers only /health and /metrics.',
    });
  };
}
