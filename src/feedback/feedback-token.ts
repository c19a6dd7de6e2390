import { hashLinkToken, linkToken, LINK_NONCE_BYTES, looksLikeLinkToken, newLinkNonce } from '../common/link-token';

/**
 * Feedback link tokens, by the rules of RSVP links (common/link-token.ts, purpose "feedback"): the nonce
 * is kept with the request, so the reminder carries the same link; the purpose keeps a feedback token
 * from ever being a valid RSVP token for the same nonce.
 */
export const FEEDBACK_NONCE_BYTES = LINK_NONCE_BYTES;

export function newFeedbackNonce(): Buffer {
  return newLinkNonce();
}

export function feedbackToken(secret: string, nonce: Buffer): string {
  return linkToken(secret, 'feedback', nonce);
}

export function hashFeedbackToken(token: string): Buffer {
  return hashLinkToken(token);
}

/** Anything that cannot be one of our tokens gets the "not valid" page without a query. */
export function looksLikeFeedbackToken(candidate: unknown): candidate is string {
  return looksLikeLinkToken(candidate);
}
