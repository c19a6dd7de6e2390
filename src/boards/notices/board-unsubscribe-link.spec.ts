import { unsubscribeToken } from '../../mail/unsubscribe-link';
import { boardUnsubscribeToken, memberIdFromBoardUnsubscribeToken } from './board-unsubscribe-link';

describe('board unsubscribe link', () => {
  const secret = 'x'.repeat(40);

  it('opens to its member, and only with the right secret', () => {
    expect(memberIdFromBoardUnsubscribeToken(secret, boardUnsubscribeToken(secret, '42'))).toBe('42');
    expect(memberIdFromBoardUnsubscribeToken('y'.repeat(40), boardUnsubscribeToken(secret, '42'))).toBeNull();
  });

  it('is not the invitations’ unsubscribe token', () => {
    expect(memberIdFromBoardUnsubscribeToken(secret, unsubscribeToken(secret, '42'))).toBeNull();
  });
});
