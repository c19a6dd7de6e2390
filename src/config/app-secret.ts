import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { Environment } from './environment';

/**
 * APP_SECRET signs sessions and fans' links, so it must survive restarts. In
 * production it is required; in development one is generated once and kept
 * beside the embedded database (git-ignored).
 */
export function ensureAppSecret(env: Environment): void {
  if (env.APP_SECRET) return;
  if (env.NODE_ENV === 'production') {
    throw new Error('APP_SECRET must be set in production (at least 32 characters, e.g. openssl rand -base64 48)');
  }
  const file = resolve(dirname(env.EMBEDDED_PG_DIR), 'app-secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  env.APP_SECRET = readFileSync(file, 'utf8').trim();
}
