import { memberIdFromUnsubscribeToken, unsubscribeToken } from './unsubscribe-link';

describe('unsubscribe links', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';

  it('round-trips a member id', () => {
    expect(memberIdFromUnsubscribeToken(secret, unsubscribeToken(secret, '42'))).toBe('42');
  });

  it('refuses a token made with another secret, for another member, or mangled', () => {
    const token = unsubscribeToken(secret, '42');
    expect(memberIdFromUnsubscribeToken('another-secret-of-at-least-thirty-two-chars', token)).toBeNull();
    expect(memberIdFromUnsubscribeToken(secret, token.replace(/^42/, '43'))).toBeNull();
    expect(memberIdFromUnsubscribeToken(secret, token.slice(0, -1))).toBeNull();
    expect(memberIdFromUnsubscribeToken(secret, '../../etc')).toBeNull();
  });
});
