import { Client } from 'pg';
import request from 'supertest';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/** Runs `sql` on the test cluster's admin database (not the app's, which is about to refuse connections). */
async function asAdmin(sql: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.MEETLOOP_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

describe('the database away or refusing writes', () => {
  let t: TestApp;
  let tokens: string[];
  let members: string[];
  let name: string;
  const http = () => request(t.app.getHttpServer());
  const accept = (token: string) => http().post(`/api/rsvp/${token}`).send({ answer: 'accept' });
  /** New sessions get the database's settings: the app's open ones end, and its pool opens new ones. */
  const dropSessions = () =>
    asAdmin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
    );

  beforeAll(async () => {
    // No job workers: pg-boss 10 does not wait for its own bookkeeping, and Jest fails a test for the rejection
    // it leaves while the database is away (the app logs it: JobsService.onUnhandledRejection). The answers are
    // what this file is about; bench/faults.ts runs the workers through the same faults.
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000', JOBS_WORKERS: 'false' });
    name = new URL(t.databaseUrl).pathname.slice(1);
    const { cityId, memberIds } = await cityWithMembers(t, 3);
    const meetupId = await scheduledMeetup(t, cityId, { title: 'Outage meetup' });
    const byMember = await invite(t, meetupId, memberIds);
    members = memberIds;
    tokens = memberIds.map((id) => byMember.get(id)!);
  });
  afterAll(() => t.close());

  it('answers 503 with Retry-After, as JSON and as a page, while the database refuses connections; the answer goes through after', async () => {
    await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await dropSessions();
    try {
      const api = await accept(tokens[0]).expect(503);
      expect(api.headers['retry-after']).toBe('5');
      expect(api.body).toMatchObject({ statusCode: 503, error: 'Temporarily unavailable' });
      expect(api.body.message).toMatch(/database is not answering/);
      const page = await http().get(`/rsvp/${tokens[0]}`).set('Accept', 'text/html').expect(503);
      expect(page.text).toContain('The database is not answering right now');
      const zh = await http().get(`/rsvp/${tokens[0]}`).set('Accept', 'text/html').set('Accept-Language', 'zh-CN');
      expect(zh.status).toBe(503);
    } finally {
      await asAdmin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    await waitFor(async () => (await accept(tokens[0])).status === 200, 15_000, 'the accept after the outage');
    // Stored once: the refused tries left nothing behind.
    const [row] = await t.db.query(
      `SELECT i.state, count(*) FILTER (WHERE e.kind = 'accept' AND e.detail->>'outcome' <> 'unchanged')::int AS accepts
         FROM invitations i JOIN invitation_events e ON e.invitation_id = i.id WHERE i.member_id = $1 GROUP BY i.state`,
      [members[0]],
    );
    expect(row).toEqual({ state: 'accepted', accepts: 1 });
  });

  it('answers 503 read-only to a write, and 200 to a read, while the database is read-only; writes work again after', async () => {
    await asAdmin(`ALTER DATABASE ${name} SET default_transaction_read_only = on`);
    await dropSessions();
    try {
      // The pool's connections that were ended answer first, 503 unavailable; then new sessions, read-only.
      let refused = await accept(tokens[1]);
      for (let i = 0; i < 10 && /not answering/.test(refused.body.message); i++) refused = await accept(tokens[1]);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('60');
      expect(refused.body.message).toMatch(/read-only/);
      await http().get('/health').expect(200);
    } finally {
      await asAdmin(`ALTER DATABASE ${name} RESET default_transaction_read_only`);
      await dropSessions();
    }
    await waitFor(async () => (await accept(tokens[1])).status === 200, 15_000, 'the accept after read-only');
  });
});
