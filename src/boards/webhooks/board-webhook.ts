import { webhookSignature } from '../../common/signed-webhook';

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

/** A board event's signature: the forum announcement's scheme (common/signed-webhook.ts), so a forum checks both alike. */
export const boardEventSignature = webhookSignature;
export { webhookOutcome } from '../../common/signed-webhook';
