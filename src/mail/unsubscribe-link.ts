import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * An unsubscribe token is the member id and an HMAC of it under APP_SECRET:
 * nothing to store, nothing to guess, and it never expires (RFC 8058 wants the
 * link to keep working).
 */
export function unsubscribeToken(secret: string, memberId: string): string {
  const mac = createHmac('sha256', secret).update(`unsubscribe:${memberId}`).digest('base64url');
  return `${memberId}.${mac}`;
}

/** The member id the token was made for, or null when it is not genuine. */
export function memberIdFromUnsubscribeToken(secret: string, token: string): string | null {
  const match = /^(\d{1,18})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(unsubscribeToken(secret, match[1]));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}
