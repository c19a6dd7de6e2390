import { Client } from 'pg';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/** Runs `sql` on the test cluster's admin database (not the app's: that one is about to be locked). */
async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.MEETLOOP_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

describe('health', () => {
  let t: TestApp;
  const http = () => request(t.app.getHttpServer());
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers 200 with the database up', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('answers 503 when the database is unreachable', async () => {
    await t.db.destroy();
    const res = await http().get('/health').expect(503);
    expect(res.body).toEqual({ status: 'unavailable', database: 'down' });
    await t.db.initialize();
  });

  it('readiness is 503 while a migration of this code is not applied yet, 200 once it is', async () => {
    const [last] = await t.db.query('SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1');
    await t.db.query('DELETE FROM migrations WHERE id = $1', [last.id]);
    const pending = await http().get('/health/ready').expect(503);
    expect(pending.body).toEqual({ status: 'unavailable', database: 'up', migrations: 'pending' });
    await t.db.query('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [
      last.id,
      last.timestamp,
      last.name,
    ]);
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'up', migrations: 'current' });
  });

  it('readiness is 503 while the database refuses connections and 200 after; liveness stays 200', async () => {
    const name = new URL(t.databaseUrl).pathname.slice(1);
    await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await asAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    try {
      const down = await http().get('/health/ready').expect(503);
      expect(down.body).toMatchObject({ status: 'unavailable', database: 'down' });
      await http().get('/health/live').expect(200, { status: 'ok' });
    } finally {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    // The pool drops the terminated connections and opens new ones.
    await waitFor(async () => (await http().get('/health/ready')).status === 200, 15_000, 'readiness after');
  });
});
