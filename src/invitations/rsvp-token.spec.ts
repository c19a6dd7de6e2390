import { hashRsvpToken, looksLikeRsvpToken, newRsvpToken, rsvpTokenMatches } from './rsvp-token';

describe('RSVP token', () => {
  it('is 256 random bits in base64url, different every time', () => {
    const a = newRsvpToken();
    const b = newRsvpToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
  });

  it('stores only a SHA-256 that is not the token itself', () => {
    const { token, hash } = newRsvpToken();
    expect(hash).toHaveLength(32);
    expect(hash.equals(hashRsvpToken(token))).toBe(true);
    expect(hash.toString('base64url')).not.toBe(token);
    // Known vector: sha256("abc").
    expect(hashRsvpToken('abc').toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches its own hash and nothing else', () => {
    const { token, hash } = newRsvpToken();
    const other = newRsvpToken();
    expect(rsvpTokenMatches(token, hash)).toBe(true);
    expect(rsvpTokenMatches(other.token, hash)).toBe(false);
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(rsvpTokenMatches(flipped, hash)).toBe(false);
  });

  it('rejects malformed tokens without hashing them', () => {
    const { token, hash } = newRsvpToken();
    for (const bad of ['', token.slice(1), token + 'A', token.slice(0, 42) + '=', token.slice(0, 42) + '/']) {
      expect(looksLikeRsvpToken(bad)).toBe(false);
      expect(rsvpTokenMatches(bad, hash)).toBe(false);
    }
    expect(looksLikeRsvpToken(undefined)).toBe(false);
    expect(rsvpTokenMatches(token, Buffer.alloc(16))).toBe(false);
  });
});
