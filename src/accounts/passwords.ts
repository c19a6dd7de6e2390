import { hash, verify } from '@node-rs/argon2';
import type { StringKey } from '../common/strings';

// Argon2id (algorithm 2) with the library's OWASP-level defaults: 19 MiB memory, 2 passes.
const ARGON2ID = 2;

export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID });

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Minimum rules a staff password must meet; the message says what to change. */
export function passwordProblem(password: string): StringKey | null {
  if (password.length < 12) return 'passwordTooShort';
  if (password.length > 200) return 'passwordTooLong';
  return null;
}
