import { feedbackToken, hashFeedbackToken, looksLikeFeedbackToken, newFeedbackNonce } from './feedback-token';

describe('feedback link tokens', () => {
  const secret = 'a-secret-of-at-least-32-characters!!';

  it('derives a 256-bit token from the nonce, the same each time, different per nonce and secret', () => {
    const nonce = newFeedbackNonce();
    const token = feedbackToken(secret, nonce);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(looksLikeFeedbackToken(token)).toBe(true);
    expect(feedbackToken(secret, nonce)).toBe(token);
    expect(feedbackToken(secret, newFeedbackNonce())).not.toBe(token);
    expect(feedbackToken(`${secret}x`, nonce)).not.toBe(token);
  });

  it('is stored as its SHA-256 only', () => {
    const hash = hashFeedbackToken('abc');
    expect(hash).toHaveLength(32);
    expect(hash.toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('turns away anything that is not shaped like a token', () => {
    for (const bad of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, 42, null, undefined])
      expect(looksLikeFeedbackToken(bad)).toBe(false);
  });
});
