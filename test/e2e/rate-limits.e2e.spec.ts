import request from 'supertest';
import { RateLimitsService } from '../../src/rate-limits/rate-limits.service';
import { createTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rate limits shared through PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  const limits = (t: TestApp) => t.app.get(RateLimitsService);

  beforeAll(async () => {
    const settings = { JOBS_WORKERS: 'false', RSVP_RATE_LIMIT_PER_MINUTE: '4' };
    a = await createTestApp(settings);
    b = await createTestApp(settings, { url: a.databaseUrl });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('counts the hits of two instances on one database in one window', async () => {
    expect((await limits(a).hit('shared', 60_000)).hits).toBe(1);
    expect((await limits(b).hit('shared', 60_000)).hits).toBe(2);
    const third = await limits(a).hit('shared', 60_000);
    expect(third.hits).toBe(3);
    expect(third.msLeft).toBeGreaterThan(50_000);
    expect((await limits(b).hit('another', 60_000)).hits).toBe(1);
  });

  it('loses no hit when both instances count at once', async () => {
    const counts = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        limits(i % 2 ? a : b)
          .hit('storm', 60_000)
          .then((c) => c.hits),
      ),
    );
    expect(counts.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('starts again at 1 when the window has ended', async () => {
    await limits(a).hit('short', 300);
    expect((await limits(b).hit('short', 300)).hits).toBe(2);
    await sleep(400);
    expect((await limits(b).hit('short', 300)).hits).toBe(1);
  });

  it('blocks the throttler over the limit until the window ends', async () => {
    const record = async (t: TestApp) => limits(t).increment('client', 60_000, 2, 60_000, 'rsvp');
    expect(await record(a)).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect(await record(b)).toMatchObject({ totalHits: 2, isBlocked: false });
    const over = await record(a);
    expect(over).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(over.timeToBlockExpire).toBeGreaterThan(50);
  });

  it('limits one address on the RSVP pages across both instances, not per instance', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const app = i % 2 ? b : a;
      statuses.push((await request(app.app.getHttpServer()).get(`/rsvp/not-a-real-token-${i}`)).status);
    }
    // Four answers (the link is unknown, so each is a "not valid" page), then the fifth is refused: each
    // instance has seen only two or three requests, so it is the shared count that said no.
    expect(statuses.slice(0, 4).every((s) => s !== 429)).toBe(true);
    expect(statuses[4]).toBe(429);
  });
});
