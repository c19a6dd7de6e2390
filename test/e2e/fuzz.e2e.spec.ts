import fc from 'fast-check';
import {
  fuzzRequests,
  fuzzWorld,
  LogCapture,
  routesOf,
  Route,
  Sender,
  senderFor,
  FuzzRequest,
  KnownIds,
} from '../support/fuzz-requests';
import { createTestApp, TestApp } from '../support/test-app';

// Bounded for the suite; bench/fuzz.ts runs the same requests for longer.
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

describe('fuzzing every route (fast-check)', () => {
  let t: TestApp;
  let routes: Route[];
  let known: KnownIds;
  let sender: Sender;
  const log = new LogCapture();
  beforeAll(async () => {
    t = await createTestApp();
    t.app.useLogger(log);
    routes = routesOf(t.app);
    known = await fuzzWorld(t);
    sender = await senderFor(t);
  });
  afterAll(() => t.close());

  it('finds the JSON API and the form routes on the router', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes).toContainEqual({ method: 'post', path: '/api/meetups' });
    expect(routes).toContainEqual({ method: 'post', path: '/login' });
  });

  it('answers every route, as anyone, with a hostile body below 500', async () => {
    // Every route once per identity with the same hostile body, so none is left to chance.
    const hostile = { kind: 'json' as const, text: JSON.stringify({ cityId: 2147483648, name: '\ud800', title: ' ' }) };
    for (const route of routes) {
      for (const identity of ['anonymous', 'staff', 'bearer'] as const) {
        const r: FuzzRequest = {
          route,
          identity,
          segments: [String(known.meetupId), '2147483648', known.token, '%00'],
          query: '?cityId=2147483648&q=%00',
          body: hostile,
          contentType: 'application/json',
          accept: undefined,
          forwardedFor: undefined,
          contentEncoding: undefined,
        };
        const { status, url } = await sender.send(r);
        expect({ request: `${identity} ${route.method.toUpperCase()} ${url}`, status: status < 500 }).toEqual({
          request: `${identity} ${route.method.toUpperCase()} ${url}`,
          status: true,
        });
      }
    }
  });

  it('answers generated requests (bodies, content types, charsets, headers, ids) below 500', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequests(routes, known), async (r) => {
        const { status, url } = await sender.send(r);
        if (status >= 500) throw new Error(`${status} for ${r.identity} ${r.route.method.toUpperCase()} ${url}`);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
  });

  it('logged no stack trace', () => {
    expect(log.stackTraces()).toEqual([]);
  });
});
