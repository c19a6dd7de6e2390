import { hashRsvpToken, looksLikeRsvpToken, newRsvpNonce, rsvpToken } from './rsvp-token';

const SECRET = 'test-app-secret-0123456789abcdef0123456789';

describe('RSVP token', () => {
  it('is 256 bits in base64url, different for every nonce', () => {
    const a = rsvpToken(SECRET, newRsvpNonce());
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(rsvpToken(SECRET, newRsvpNonce())).not.toBe(a);
    expect(newRsvpNonce()).toHaveLength(16);
  });

  it('is the same link every time it is derived, and another under another secret', () => {
    const nonce = newRsvpNonce();
    expect(rsvpToken(SECRET, nonce)).toBe(rsvpToken(SECRET, Buffer.from(nonce)));
    expect(rsvpToken(SECRET + 'x', nonce)).not.toBe(rsvpToken(SECRET, nonce));
  });

  it('stores only a SHA-256 that is not the token itself', () => {
    const token = rsvpToken(SECRET, newRsvpNonce());
    const hash = hashRsvpToken(token);
    expect(hash).toHaveLength(32);
    expect(hash.toString('base64url')).not.toBe(token);
    // Known vector: sha256("abc").
    expect(hashRsvpToken('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('rejects malformed tokens before any lookup', () => {
    const token = rsvpToken(SECRET, newRsvpNonce());
    expect(looksLikeRsvpToken(token)).toBe(true);
    for (const bad of ['', token.slice(1), token + 'A', token.slice(0, 42) + '=', token.slice(0, 42) + '/']) {
      expect(looksLikeRsvpToken(bad)).toBe(false);
    }
    expect(looksLikeRsvpToken(undefined)).toBe(false);
  });
});
