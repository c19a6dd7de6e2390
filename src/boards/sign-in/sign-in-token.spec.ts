import { isSignInToken, newSignInToken, signInTokenHash } from './sign-in-token';

describe('member sign-in token', () => {
  it('is 256 random bits, stored only as its SHA-256', () => {
    const a = newSignInToken();
    const b = newSignInToken();
    expect(isSignInToken(a.token)).toBe(true);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(signInTokenHash(a.token));
    expect(a.hash).not.toContain(a.token);
  });

  it('refuses shapes we never issue', () => {
    expect(isSignInToken('short')).toBe(false);
    expect(isSignInToken(`${'a'.repeat(42)}/`)).toBe(false);
  });
});
