import { memberIdFromSigned, signMemberId } from '../../common/signed-member-id';

/**
 * The board-mail unsubscribe token: the member id and an HMAC under APP_SECRET, with a purpose of its
 * own, so it never unsubscribes from invitations (and the invitations' token never from board mail).
 */
export function boardUnsubscribeToken(secret: string, memberId: string): string {
  return signMemberId(secret, 'board-unsubscribe', memberId);
}

export function memberIdFromBoardUnsubscribeToken(secret: string, token: string): string | null {
  return memberIdFromSigned(secret, 'board-unsubscribe', token);
}
