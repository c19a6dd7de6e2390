import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Feedback link tokens, by the rules of RSVP links (invitations' rsvp-token.ts): 256 bits derived as
 * HMAC-SHA256(APP_SECRET, a random 128-bit nonce kept with the request), so the reminder carries the
 * same link while only the token's SHA-256 is stored. The "feedback:" label keeps a feedback token
 * from ever being a valid RSVP token for the same nonce.
 */
export const FEEDBACK_NONCE_BYTES = 16;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newFeedbackNonce(): Buffer {
  return randomBytes(FEEDBACK_NONCE_BYTES);
}

export function feedbackToken(secret: string, nonce: Buffer): string {
  return createHmac('sha256', secret)
    .update(`feedback:${nonce.toString('base64url')}`)
    .digest('base64url');
}

export function hashFeedbackToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Anything that cannot be one of our tokens gets the "not valid" page without a query. */
export function looksLikeFeedbackToken(candidate: unknown): candidate is string {
  return typeof candidate === 'string' && TOKEN_SHAPE.test(candidate);
}
