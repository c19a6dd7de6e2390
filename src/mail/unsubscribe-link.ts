import { memberIdFromSigned, signMemberId } from '../common/signed-member-id';

/** The invitation mail's unsubscribe token (signed-member-id.ts): the member id and its HMAC. */
export function unsubscribeToken(secret: string, memberId: string): string {
  return signMemberId(secret, 'unsubscribe', memberId);
}

/** The member id the token was made for, or null when it is not genuine. */
export function memberIdFromUnsubscribeToken(secret: string, token: string): string | null {
  return memberIdFromSigned(secret, 'unsubscribe', token);
}
