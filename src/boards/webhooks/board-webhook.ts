import { createHmac } from 'node:crypto';

export const BOARD_EVENTS = ['item.created', 'item.status_changed', 'item.merged', 'item.shipped'] as const;
export type BoardEvent = (typeof BOARD_EVENTS)[number];

/** The JSON body POSTed to BOARD_WEBHOOK_URL for each board event. */
export interface BoardEventBody {
  /** Unique per event: a retry repeats it, so the receiver can drop what it already has. */
  eventId: string;
  event: BoardEvent;
  occurredAt: string;
  item: {
    id: string;
    url: string;
    badgeUrl: string;
    title: string;
    board: string;
    status: string;
    engineerId: string | null;
    votes: number;
    mergedIntoId: string | null;
  };
  release?: { id: string; title: string };
}

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, sent with the Unix-seconds timestamp in
 * X-Meetloop-Timestamp: the same scheme as the forum announcement (src/meetups/forum-webhook.ts),
 * so a forum checks both alike; the timestamp inside the signed text stops replays.
 */
export function boardEventSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/** 2xx delivered; 408, 429 and 5xx may pass later; any other answer will not. */
export function webhookOutcome(status: number): 'delivered' | 'retry' | 'permanent' {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'permanent';
}
