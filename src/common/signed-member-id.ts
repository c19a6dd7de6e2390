import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A member id and an HMAC of it under APP_SECRET: nothing to store, nothing to guess, and it never
 * expires (RFC 8058 wants an unsubscribe link to keep working). `purpose` goes into the HMAC, so a
 * token made for one purpose (invitation mail, board mail) is never valid for another.
 */
export function signMemberId(secret: string, purpose: string, memberId: string): string {
  return `${memberId}.${createHmac('sha256', secret).update(`${purpose}:${memberId}`).digest('base64url')}`;
}

/** The member id the token was made for with this purpose, or null when it is not genuine. */
export function memberIdFromSigned(secret: string, purpose: string, token: string): string | null {
  const match = /^(\d{1,18})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(signMemberId(secret, purpose, match[1]));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}
