import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * RSVP link tokens. The link is the only credential a member has, so it carries 256 random bits
 * and the database keeps only their SHA-256: a leaked table cannot be turned back into links.
 * A fast hash is enough (no salt, no bcrypt) because the input is already uniformly random; it
 * also lets the repository look an invitation up by `token_hash` with a unique index.
 */
export const RSVP_TOKEN_BYTES = 32;

/** 43 base64url characters, no padding. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface RsvpToken {
  /** Goes into the email link, never stored. */
  token: string;
  /** Stored (bytea, 32 bytes) with a unique index. */
  hash: Buffer;
}

export function newRsvpToken(): RsvpToken {
  const token = randomBytes(RSVP_TOKEN_BYTES).toString('base64url');
  return { token, hash: hashRsvpToken(token) };
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

/** Constant-time comparison of a presented token with a stored hash. */
export function rsvpTokenMatches(candidate: string, storedHash: Buffer): boolean {
  if (!looksLikeRsvpToken(candidate) || storedHash.length !== 32) return false;
  return timingSafeEqual(hashRsvpToken(candidate), storedHash);
}
