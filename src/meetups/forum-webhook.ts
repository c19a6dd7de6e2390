import { createHash } from 'node:crypto';
import { webhookOutcome, webhookSignature } from '../common/signed-webhook';
import type { Locale } from '../common/locale';

/** The JSON body Meetloop POSTs to FORUM_WEBHOOK_URL (documented in the README). */
export interface ForumPost {
  /** Same announcement text, same key: the forum keeps one post per key however often it arrives. */
  idempotencyKey: string;
  meetupId: number;
  title: string;
  city: string;
  timeZone: string;
  /** The start as an instant, ISO 8601 in UTC. */
  startsAt: string;
  /** The start on the city's wall clock, "2026-12-05T19:00". */
  startsLocal: string;
  locale: Locale;
  markdown: string;
}

export { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../common/signed-webhook';

/** The announcement's signature: the scheme of every Meetloop webhook (common/signed-webhook.ts). */
export const forumSignature = webhookSignature;

/** Derived from the text itself: an edit makes a new key (a new version), a retry or a repeat keeps it. */
export function announcementKey(meetupId: number, locale: Locale, markdown: string): string {
  const digest = createHash('sha256').update(`${locale}\n${markdown}`).digest('hex').slice(0, 24);
  return `meetloop-meetup-${meetupId}-announcement-${digest}`;
}

export type ForumOutcome = 'published' | 'retry' | 'permanent';

/**
 * What an HTTP answer means: 2xx published; 408, 429 and 5xx may pass if we
 * try again later; anything else (other 4xx, a redirect) will not, and needs a
 * person to look at it.
 */
export function forumOutcome(status: number): ForumOutcome {
  const outcome = webhookOutcome(status);
  return outcome === 'delivered' ? 'published' : outcome;
}

const URL_KEYS = ['url', 'postUrl', 'post_url', 'link'];
const HTTP_URL = /^https?:\/\/\S+$/;

/** The forum post's address, if the answer names one (a JSON `url`-like field, or a Location header). */
export function forumUrlOf(body: string, location: string | null): string | null {
  let candidate: unknown = null;
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      candidate = URL_KEYS.map((k) => (json as Record<string, unknown>)[k]).find((v) => typeof v === 'string');
    }
  } catch {
    // Not JSON: the forum may answer in plain text; the Location header may still name the post.
  }
  candidate ??= location;
  return typeof candidate === 'string' && HTTP_URL.test(candidate) && candidate.length <= 2000 ? candidate : null;
}

/** A short, single-spaced excerpt of an answer for staff to read (and the database to hold). */
export function excerpt(text: string, max = 500): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
