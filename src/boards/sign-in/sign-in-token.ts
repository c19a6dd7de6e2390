import { createHash, randomBytes } from 'node:crypto';

/** A new sign-in token: 256 random bits, base64url; only its SHA-256 (hex) is stored. */
export function newSignInToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: signInTokenHash(token) };
}

export const signInTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The shape of a token we issue; anything else is refused before the database is asked. */
export const isSignInToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
