import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * RSVP link tokens. The link is the only credential a member has, so it carries 256 bits that
 * nobody can guess, and the database keeps only their SHA-256: a leaked table cannot be turned
 * back into links.
 *
 * The token is HMAC-SHA256(APP_SECRET, a random 128-bit nonce kept with the invitation) rather
 * than random bytes kept somewhere: every later email (confirmation with its undo link, waitlist
 * offer, reminder, update) must carry the same link, and deriving it means nothing but its hash is
 * ever stored — the nonce alone, or a database dump, opens nothing without APP_SECRET. Changing
 * the nonce re-issues the link. A fast hash suffices for lookup: the input is already uniformly
 * random, and the unique index on `token_hash` finds the invitation without a scan.
 */
export const RSVP_NONCE_BYTES = 16;

/** 43 base64url characters, no padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newRsvpNonce(): Buffer {
  return randomBytes(RSVP_NONCE_BYTES);
}

/** The token in the member's link; `secret` is APP_SECRET. */
export function rsvpToken(secret: string, nonce: Buffer): string {
  return createHmac('sha256', secret)
    .update(`rsvp:${nonce.toString('base64url')}`)
    .digest('base64url');
}

export function hashRsvpToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Rejects anything that cannot be one of our tokens before it reaches the database, so tampered
 * links get the plain "not valid" page without a query.
 */
export function looksLikeRsvpToken(candidate: unknown): candidate is string {
  return typeof candidate === 'string' && TOKEN_SHAPE.test(candidate);
}
