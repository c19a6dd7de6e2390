import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The board-mail unsubscribe token: the member id and an HMAC under APP_SECRET, with a purpose of its
 * own, so it never unsubscribes from invitations (and the invitations' token never from board mail).
 */
export function boardUnsubscribeToken(secret: string, memberId: string): string {
  return `${memberId}.${createHmac('sha256', secret).update(`board-unsubscribe:${memberId}`).digest('base64url')}`;
}

export function memberIdFromBoardUnsubscribeToken(secret: string, token: string): string | null {
  const match = /^(\d{1,18})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const expected = Buffer.from(boardUnsubscribeToken(secret, match[1]));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
}
