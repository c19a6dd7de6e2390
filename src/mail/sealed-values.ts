import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Template values that are credentials (a member's RSVP link) must not sit in the outbox in the
 * clear between the business change and the send: they are sealed with AES-256-GCM under a key
 * derived from APP_SECRET and opened only by the delivery worker while it renders. A database dump
 * alone then yields no working link. Rotating APP_SECRET makes queued sealed values unreadable, so
 * such messages fail to render and land in the dead letters instead of going out with a bad link.
 */
const VERSION = 'v1';

/** Derived once per secret: HKDF on every seal was a tenth of an RSVP accept's CPU time in the web process. */
const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'meetloop', 'outbox-sealed-values', 32));
    keys.set(secret, key);
  }
  return key;
}

export function sealValues(secret: string, values: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSealedValues(secret: string, sealed: string): Record<string, string> {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('sealed template values are malformed');
  const decipher = createDecipheriv('aes-256-gcm', keyFor(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const json = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(json) as Record<string, string>;
}
