/**
 * What must never reach a log line: the secrets that travel in a request. A path segment that is a
 * credential (an RSVP link's token, an unsubscribe token, a check-in code) is replaced, and so are query
 * values and header/body fields that carry one.
 */
export const REDACTED = '[redacted]';

// /rsvp/<token>…, /api/rsvp/<token>…, /unsubscribe/<token>, /check-in/<code>… (not /meetups/:id/check-in).
const SECRET_SEGMENT = /^(\/(?:api\/)?rsvp|\/unsubscribe|\/check-in)\/[^/?#]+/;
const SECRET_QUERY = /([?&](?:token|code|_csrf|password)=)[^&#]*/gi;

/** The URL as it may be logged. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return url.replace(SECRET_SEGMENT, `$1/${REDACTED}`).replace(SECRET_QUERY, `$1${REDACTED}`);
}

/** pino `redact` paths: headers and fields that hold a credential wherever a log line carries them. */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'req.params.token',
  'req.params.code',
  'req.query.token',
  'req.query.code',
  'req.body.password',
  'req.body.newPassword',
  'req.body.currentPassword',
  'req.body._csrf',
  'password',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*._csrf',
  '*.token',
  '*.authorization',
  '*.cookie',
];
