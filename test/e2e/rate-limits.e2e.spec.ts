import { RateLimitsService } from '../../src/rate-limits/rate-limits.service';
import { createTestApp, TestApp } from '../support/test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rate limits shared through PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  const limits = (t: TestApp) => t.app.get(RateLimitsService);

  beforeAll(async () => {
    a = await createTestApp({ JOBS_WORKERS: 'false' });
    b = await createTestApp({ JOBS_WORKERS: 'false' }, { url: a.databaseUrl });
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
});
