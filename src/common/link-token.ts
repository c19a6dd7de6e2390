import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Tokens of the links that are a member's only credential (RSVP, feedback). Each carries 256 bits that
 * nobody can guess, and the database keeps only their SHA-256: a leaked table cannot be turned back
 * into links.
 *
 * The token is HMAC-SHA256(APP_SECRET, "<purpose>:" + a random 128-bit nonce kept with the row) rather
 * than random bytes kept somewhere: every later email must carry the same link, and deriving it means
 * nothing but its hash is ever stored — the nonce alone, or a database dump, opens nothing without
 * APP_SECRET. Changing the nonce re-issues the link. The purpose keeps a token of one kind from ever
 * being valid as another for the same nonce. A fast hash suffices for lookup: the input is already
 * uniformly random, and a unique index on the hash finds the row without a scan.
 */
export const LINK_NONCE_BYTES = 16;

/** 43 base64url characters, no padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newLinkNonce(): Buffer {
  return randomBytes(LINK_NONCE_BYTES);
}

/** The token in the member's link; `secret` is APP_SECRET. */
export function linkToken(secret: string, purpose: string, nonce: Buffer): string {
  return createHmac('sha256', secret)
    .update(`${purpose}:${nonce.toString('base64url')}`)
    .digest('base64url');
}

export function hashLinkToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Anything that cannot be one of our tokens gets the "not valid" page without a query. */
export function looksLikeLinkToken(candidate: unknown): candidate is string {
  return typeof candidate === 'string' && TOKEN_SHAPE.test(candidate);
}
