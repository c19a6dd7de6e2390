import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ACCEPTED = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * The id of one request: the reverse proxy's X-Request-Id when it sent a sane one (so its access log and ours
 * join), a fresh UUID otherwise. Sent back in X-Request-Id and shown on the error page.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
