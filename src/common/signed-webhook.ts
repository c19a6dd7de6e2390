import { createHmac } from 'node:crypto';
import type { Environment } from '../config/environment';

/**
 * How Meetloop signs and retries what it POSTs to the forum (meetup announcements, board events), one
 * scheme for both so a forum checks them alike.
 */
export const SIGNATURE_HEADER = 'X-Meetloop-Signature';
export const TIMESTAMP_HEADER = 'X-Meetloop-Timestamp';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`. The timestamp (Unix
 * seconds, sent in X-Meetloop-Timestamp) is inside the signed string, so a
 * captured request cannot be replayed later with a fresh timestamp.
 */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** 2xx delivered; 408, 429 and 5xx may pass if we try again later; any other answer will not. */
export function webhookOutcome(status: number): 'delivered' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}

/** pg-boss options of a webhook queue and its jobs, from the FORUM_RETRY_* and FORUM_TIMEOUT_SECONDS settings. */
export function webhookRetryOptions(env: Environment) {
  return {
    retryLimit: env.FORUM_RETRY_LIMIT,
    retryDelay: env.FORUM_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    // Longer than one attempt can take, so a job is not retried while it still runs.
    expireInSeconds: env.FORUM_TIMEOUT_SECONDS * 3 + 30,
  };
}
