import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bot traps instead of a captcha: a field people do not see (left empty by people, filled by bots)
 * and the time the form was shown, signed so it cannot be made up; a form sent back sooner than a
 * person can type is refused.
 */
export function formStamp(secret: string, now = Date.now()): string {
  const at = String(now);
  return `${at}.${createHmac('sha256', secret).update(`board-form:${at}`).digest('base64url')}`;
}

export type TrapVerdict = 'ok' | 'trap' | 'tooFast';

export function trapVerdict(
  secret: string,
  form: { website?: string; shownAt?: string },
  minSeconds: number,
  now = Date.now(),
): TrapVerdict {
  if (form.website) return 'trap';
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(form.shownAt ?? '');
  if (!match) return 'trap';
  const expected = Buffer.from(formStamp(secret, Number(match[1])));
  const given = Buffer.from(form.shownAt!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'trap';
  const elapsed = now - Number(match[1]);
  if (elapsed < 0 || elapsed > 24 * 3600 * 1000) return 'trap';
  return elapsed < minSeconds * 1000 ? 'tooFast' : 'ok';
}
