import { hashLinkToken, linkToken, LINK_NONCE_BYTES, looksLikeLinkToken, newLinkNonce } from '../../common/link-token';

/**
 * RSVP link tokens (common/link-token.ts, purpose "rsvp"): the nonce is kept with the invitation, so
 * every later email (confirmation with its undo link, waitlist offer, reminder, update) carries the
 * same link, and the unique index on `token_hash` finds the invitation.
 */
export const RSVP_NONCE_BYTES = LINK_NONCE_BYTES;

export function newRsvpNonce(): Buffer {
  return newLinkNonce();
}

/** The token in the member's link; `secret` is APP_SECRET. */
export function rsvpToken(secret: string, nonce: Buffer): string {
  return linkToken(secret, 'rsvp', nonce);
}

export function hashRsvpToken(token: string): Buffer {
  return hashLinkToken(token);
}

/** Rejects anything that cannot be one of our tokens before it reaches the database. */
export function looksLikeRsvpToken(candidate: unknown): candidate is string {
  return looksLikeLinkToken(candidate);
}
