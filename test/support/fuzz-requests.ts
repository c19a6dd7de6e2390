import type { INestApplication, LoggerService } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import type { Test } from 'supertest';
import { signedIn } from './accounts';
import { cityWithMembers, invite, scheduledMeetup } from './meetups';
import type { TestApp } from './test-app';

/**
 * Generated hostile requests for every route of the app (fuzz.e2e.spec.ts runs a bounded number in
 * the suite, bench/fuzz.ts many more): bodies, content types and charsets, headers, path ids and
 * query strings, as anonymous, as a signed-in staff member and with bearer tokens good and bad.
 */

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route Nest registered on the Express router, plus what is mounted outside it (docs, assets). */
export function routesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: Route[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && ['get', 'post', 'put', 'patch', 'delete'].includes(method)) {
          routes.push({ method: method as Route['method'], path });
        }
      }
    }
  }
  routes.push({ method: 'get', path: '/api/docs' }, { method: 'get', path: '/api/docs-json' });
  routes.push({ method: 'get', path: '/assets/:file' }, { method: 'post', path: '/nowhere/:id' });
  return routes;
}

/** Field names the app's DTOs and forms use: generated bodies and queries mostly use these, so they get past "unknown field". */
const FIELDS = [
  '_csrf',
  'action',
  'active',
  'add',
  'address',
  'answer',
  'autoWaves',
  'availability',
  'before',
  'body',
  'capacityMax',
  'capacityMin',
  'city',
  'cityId',
  'code',
  'currentPassword',
  'cycleDays',
  'cycles',
  'email',
  'endsAt',
  'engineerCode',
  'engineerId',
  'exclude',
  'externalId',
  'firstWaveSize',
  'forumPosts',
  'forumUrl',
  'homeCityId',
  'honorary',
  'label',
  'limit',
  'locale',
  'localTime',
  'markdown',
  'meetups',
  'name',
  'newPassword',
  'next',
  'order',
  'password',
  'perCycle',
  'productAreaId',
  'productAreaIds',
  'proposed',
  'province',
  'q',
  'reason',
  'registeredOn',
  'role',
  'rsvpDeadline',
  'skipCycles',
  'startDate',
  'startsAt',
  'startsLocal',
  'status',
  'title',
  'venue',
  'wave',
  'weekday',
  '__proto__',
  'constructor',
];

const HOSTILE_TEXT = [
  '',
  ' ',
  '   ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '0',
  '-1',
  '1.5',
  '1e309',
  '2147483647',
  '2147483648',
  '99999999999999999999999',
  'NaN',
  'true',
  'null',
  '0000-01-01',
  '0000-01-01T00:00',
  '2027-02-30T25:61',
  '9999-12-31T23:59',
  '2027-03-06T19:00',
  '19:00',
  'zh-CN',
  'en',
  'next',
  'staff',
  'admin',
  'accepted',
  'scheduled',
  'cancelled',
  'E1024',
  'a@b.c',
  'javascript:alert(1)',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%',
  '%00',
  '😀',
  '成都',
  'x'.repeat(5000),
];
const HOSTILE_NUMBERS = [0, -1, 1, 2, 1.5, 2147483647, 2147483648, -2147483649, 2 ** 53, 1e308, -0];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  // unit 'binary' includes lone surrogates; 'grapheme' real characters.
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
);
const scalar = fc.oneof(
  text,
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS, null, true, false),
  fc.integer(),
  fc.double(),
);
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 4 }), { maxLength: 3 }),
  },
);
const fieldName = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: text });

/** Percent-encodes like a browser, but keeps what encodeURIComponent cannot (lone surrogates) as raw broken escapes. */
function encode(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  try {
    return encodeURIComponent(s);
  } catch {
    return s
      .replace(/[\ud800-\udfff]/g, '%ED%A0%80')
      .replace(/[^A-Za-z0-9%]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  }
}

const rawEscape = fc.constantFrom('%00', '%ED%A0%80', '%FF', '%', '%E4%B8', '%2', '+', '&&', '=', '[]', '%5B0%5D');
const formPair = fc.oneof(
  fc.tuple(fieldName, fieldValue).map(([k, v]) => `${encode(k)}=${encode(v)}`),
  fc.tuple(fc.constantFrom(...FIELDS), rawEscape).map(([k, v]) => `${k}=${v}`),
  rawEscape,
);
const formBody = fc.array(formPair, { maxLength: 8 }).map((pairs) => pairs.join('&'));
const jsonBody = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fieldName, fieldValue, { maxKeys: 8 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{',
      '{"a":',
      '[1,]',
      'null',
      '""',
      '1',
      '{"__proto__":{"x":1}}',
      '\u0000',
      '{"a":"\\ud800"}',
    ),
  },
  { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
);
const body = fc.oneof(
  fc.record({ kind: fc.constant('json' as const), text: jsonBody }),
  fc.record({ kind: fc.constant('form' as const), text: formBody }),
  fc.record({ kind: fc.constant('raw' as const), text: fc.string({ unit: 'binary', maxLength: 200 }) }),
  fc.record({ kind: fc.constant('none' as const), text: fc.constant('') }),
);

const CONTENT_TYPES: Record<'json' | 'form' | 'raw' | 'none', string[]> = {
  json: ['application/json', 'application/json; charset=utf-8', 'application/json; charset=klingon', 'text/json'],
  form: [
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=iso-8859-1',
    'application/x-www-form-urlencoded; charset=utf-16',
  ],
  raw: [
    'text/plain',
    'multipart/form-data; boundary=xyz',
    'multipart/form-data',
    'application/octet-stream',
    'text/csv',
  ],
  none: [],
};
const contentType = (kind: keyof typeof CONTENT_TYPES) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<string | undefined>(...CONTENT_TYPES[kind], undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'application/json; charset=klingon',
        'application/x-www-form-urlencoded; charset=klingon',
        'application/json; charset="utf-16le"',
        'application/*',
        ';;;',
        'multipart/form-data; boundary=',
      ),
    },
  );

/** Ids that exist (so a request can get past "not found") and ids no row can have. */
export interface KnownIds {
  meetupId: number;
  memberId: string;
  cityId: number;
  token: string;
}

const segment = (known: KnownIds) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(String(known.meetupId), known.memberId, String(known.cityId), known.token),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '1',
        '2147483647',
        '2147483648',
        '99999999999999999999',
        'abc',
        '%00',
        '%ED%A0%80',
        '%FF',
        '1e3',
        '%20',
        '1.5',
        'x'.repeat(300),
      ),
    },
    { weight: 1, arbitrary: fc.nat().map(String) },
    { weight: 1, arbitrary: text.map(encode) },
  );

const query = fc
  .array(
    fc.oneof(
      fc.tuple(fieldName, fieldValue).map(([k, v]) => `${encode(k)}=${encode(v)}`),
      rawEscape,
    ),
    {
      maxLength: 5,
    },
  )
  .map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));

export type Identity = 'anonymous' | 'staff' | 'bearer' | 'forged-bearer';

export interface FuzzRequest {
  route: Route;
  identity: Identity;
  segments: string[];
  query: string;
  body: { kind: 'json' | 'form' | 'raw' | 'none'; text: string };
  contentType: string | undefined;
  accept: string | undefined;
  forwardedFor: string | undefined;
  contentEncoding: string | undefined;
}

export function fuzzRequests(routes: Route[], known: KnownIds): fc.Arbitrary<FuzzRequest> {
  return body.chain((b) =>
    fc.record({
      route: fc.constantFrom(...routes),
      identity: fc.constantFrom<Identity>('anonymous', 'staff', 'bearer', 'forged-bearer'),
      segments: fc.array(segment(known), { minLength: 4, maxLength: 4 }),
      query,
      body: fc.constant(b),
      contentType: contentType(b.kind),
      accept: fc.constantFrom(undefined, 'text/html', 'application/json', '*/*', 'image/png', 'text/html;q=0.1, */*'),
      forwardedFor: fc.constantFrom(undefined, '1.2.3.4', 'garbage', '::1, 10.0.0.1', '999.999.999.999'),
      contentEncoding: fc.constantFrom(undefined, undefined, undefined, 'gzip', 'deflate', 'br', 'klingon', 'identity'),
    }),
  );
}

/** The URL of a request: each `:param` (and Express 5 `*rest`) of the route filled with a generated segment. */
export function urlOf(r: FuzzRequest): string {
  let i = 0;
  const path = r.route.path.replace(/[:*][A-Za-z0-9_]+/g, () => r.segments[i++ % r.segments.length]);
  return path + r.query;
}

/** What sends the requests: one agent per identity, the staff one signed in with its CSRF token. */
export interface Sender {
  send(r: FuzzRequest): Promise<{ status: number; url: string }>;
}

export async function senderFor(t: TestApp): Promise<Sender> {
  const staff = await signedIn(t, 'staff');
  const server = t.app.getHttpServer();
  return {
    async send(r) {
      const url = urlOf(r);
      // Staff would sign themselves out and stop being staff for the rest of the run.
      const identity = r.identity === 'staff' && /logout|password/.test(r.route.path) ? 'anonymous' : r.identity;
      const base = identity === 'staff' ? staff.agent : request(server);
      let req: Test = base[r.route.method](url);
      if (identity === 'staff') req = req.set('X-CSRF-Token', staff.csrf);
      if (identity === 'bearer') req = req.set('Authorization', t.bearer);
      if (identity === 'forged-bearer') req = req.set('Authorization', 'Bearer not-a-real-token');
      if (r.accept) req = req.set('Accept', r.accept);
      if (r.forwardedFor) req = req.set('X-Forwarded-For', r.forwardedFor);
      if (r.contentEncoding) req = req.set('Content-Encoding', r.contentEncoding);
      if (r.body.kind !== 'none') {
        if (r.contentType) req = req.set('Content-Type', r.contentType);
        req = req.send(r.body.text);
      }
      const res = await req.redirects(0).ok(() => true);
      return { status: res.status, url };
    },
  };
}

/** Collects every line the app logs, to look for stack traces afterwards. */
export class LogCapture implements LoggerService {
  readonly lines: string[] = [];
  private keep(level: string, message: unknown, rest: unknown[]) {
    this.lines.push(`${level} ${[message, ...rest].map((m) => (m instanceof Error ? m.stack : String(m))).join(' ')}`);
  }
  log = (m: unknown, ...rest: unknown[]) => this.keep('log', m, rest);
  error = (m: unknown, ...rest: unknown[]) => this.keep('error', m, rest);
  warn = (m: unknown, ...rest: unknown[]) => this.keep('warn', m, rest);
  debug = (m: unknown, ...rest: unknown[]) => this.keep('debug', m, rest);
  verbose = (m: unknown, ...rest: unknown[]) => this.keep('verbose', m, rest);
  fatal = (m: unknown, ...rest: unknown[]) => this.keep('fatal', m, rest);

  /** Lines holding a stack frame ("    at fn (file:1:2)"). */
  stackTraces(): string[] {
    return this.lines.filter((l) => /\n\s+at \S/.test(l));
  }
}

/** A small world for the requests to act on: a city, members, a scheduled meetup with one invitation. */
export async function fuzzWorld(t: TestApp): Promise<KnownIds> {
  const { cityId, memberIds } = await cityWithMembers(t, 3, 'fuzz');
  const meetupId = await scheduledMeetup(t, cityId);
  const tokens = await invite(t, meetupId, memberIds.slice(0, 1));
  return { cityId, meetupId, memberId: memberIds[0], token: [...tokens.values()][0] };
}
