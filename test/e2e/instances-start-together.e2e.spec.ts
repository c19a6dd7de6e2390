import { createTestDatabase } from '../support/test-database';
import { createTestApp, TestApp } from '../support/test-app';

describe('instances starting together on a new database', () => {
  it('all come up: their queues and schedules are created once, a deadlock between two of them retried', async () => {
    const database = await createTestDatabase();
    const apps: TestApp[] = [];
    try {
      // As production starts them: a worker and two web instances at once (pg-boss's create_queue of two
      // instances could deadlock, and the loser's start-up failed).
      const started = await Promise.allSettled(
        [{ MEETLOOP_ROLE: 'worker' }, { MEETLOOP_ROLE: 'web' }, { MEETLOOP_ROLE: 'web' }, { MEETLOOP_ROLE: 'all' }].map(
          (env) => createTestApp(env, database),
        ),
      );
      for (const s of started) if (s.status === 'fulfilled') apps.push(s.value);
      expect(
        started.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)),
      ).toEqual([]);
      const queues = await apps[0].db.query(`SELECT name, count(*)::int AS n FROM pgboss.queue GROUP BY name`);
      expect(queues.length).toBeGreaterThanOrEqual(5);
      expect(queues.every((q: { n: number }) => q.n === 1)).toBe(true);
      const ticks = await apps[0].db.query(
        `SELECT count(*)::int AS n FROM pgboss.schedule WHERE name = 'invitations-tick'`,
      );
      expect(ticks[0].n).toBe(1);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
      await database.drop();
    }
  });
});
