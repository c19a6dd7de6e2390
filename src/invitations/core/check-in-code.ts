import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The code in an attendee's check-in QR: the invitation id and an HMAC of it under APP_SECRET.
 * Nothing to store; it only opens the check-in page for staff and stewards who are signed in, so
 * a photo of someone's QR code lets nobody else in.
 */
export function checkInCode(secret: string, invitationId: string): string {
  const mac = createHmac('sha256', secret).update(`check-in:${invitationId}`).digest('base64url').slice(0, 22);
  return `${invitationId}.${mac}`;
}

/** The invitation id the code was made for, or null when it is not genuine. */
export function invitationIdFromCheckInCode(secret: string, code: string): string | null {
  const match = /^(\d{1,18})\.([A-Za-z0-9_-]{22})$/.exec(code);
  if (!match) return null;
  const expected = Buffer.from(checkInCode(secret, match[1]));
  const given = Buffer.from(code);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}
