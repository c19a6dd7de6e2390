import { Environment } from '../config/environment';
import {
  excerpt,
  ForumOutcome,
  forumOutcome,
  ForumPost,
  forumSignature,
  forumUrlOf,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './forum-webhook';

/** What the forum answered, boiled down to what staff need to see. */
export interface ForumAnswer {
  outcome: ForumOutcome;
  /** HTTP status, or null when no answer came (refused connection, timeout). */
  status: number | null;
  /** A short excerpt of the answer body. */
  body: string | null;
  forumUrl: string | null;
  /** Why it failed, in words, when it did. */
  error: string | null;
}

/**
 * How an announcement reaches the forum. The webhook posts it; without one
 * (FORUM_WEBHOOK_URL unset), staff copy the text and record that by hand.
 */
export abstract class ForumChannel {
  abstract readonly kind: 'webhook' | 'manual';
  abstract post(post: ForumPost): Promise<ForumAnswer>;
}

export class ManualForumChannel extends ForumChannel {
  readonly kind = 'manual';

  post(): Promise<ForumAnswer> {
    return Promise.reject(new Error('No forum webhook is configured (FORUM_WEBHOOK_URL).'));
  }
}

/** POSTs the JSON body, signed with HMAC-SHA256 (scheme in forum-webhook.ts and the README). */
export class WebhookForumChannel extends ForumChannel {
  readonly kind = 'webhook';

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async post(post: ForumPost): Promise<ForumAnswer> {
    const body = JSON.stringify(post);
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Meetloop',
          'Idempotency-Key': post.idempotencyKey,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: forumSignature(this.secret, timestamp, body),
        },
        body,
        // A redirect would turn the POST into a GET elsewhere: report it instead of following it.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      const outcome = forumOutcome(res.status);
      return {
        outcome,
        status: res.status,
        body: excerpt(text),
        forumUrl: outcome === 'published' ? forumUrlOf(text, res.headers.get('location')) : null,
        error: outcome === 'published' ? null : failureText(res.status, res.headers.get('location')),
      };
    } catch (error) {
      return { outcome: 'retry', status: null, body: null, forumUrl: null, error: networkText(error) };
    }
  }
}

function failureText(status: number, location: string | null): string {
  if (status >= 300 && status < 400) {
    return `The forum redirected to ${location ?? 'another address'}; set FORUM_WEBHOOK_URL to the final address.`;
  }
  if (status === 401 || status === 403) {
    return `The forum refused the request (${status}); check that it has the same FORUM_WEBHOOK_SECRET.`;
  }
  if (forumOutcome(status) === 'retry') return `The forum answered ${status} (busy or broken for now).`;
  return `The forum refused the announcement (${status}); read its answer, fix the text or the forum, and publish again.`;
}

/** fetch wraps the real cause (ECONNREFUSED, a timeout) in a bare "fetch failed". */
function networkText(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'The forum did not answer in time.';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `Could not reach the forum (${cause ?? e?.message ?? String(error)}).`;
}

export function forumChannelFor(env: Environment): ForumChannel {
  return env.FORUM_WEBHOOK_URL
    ? new WebhookForumChannel(env.FORUM_WEBHOOK_URL, env.FORUM_WEBHOOK_SECRET!, env.FORUM_TIMEOUT_SECONDS * 1000)
    : new ManualForumChannel();
}
