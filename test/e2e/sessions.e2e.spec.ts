import { Logger } from '@nestjs/common';
import { signedIn } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

describe('sessions in PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('does not warn when the database ends its connections for a shutdown (Ctrl-C), and carries on', async () => {
    const { agent } = await signedIn(t, 'staff');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const debug = jest.spyOn(Logger.prototype, 'debug');
    // What PostgreSQL does to every connection on a fast shutdown (SIGINT): 57P01 admin_shutdown.
    await t.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'meetloop-sessions'`,
    );
    await waitFor(() => debug.mock.calls.some(([m]) => /session pool: terminating connection/.test(String(m))));
    expect(warn.mock.calls.filter(([m]) => /session pool/.test(String(m)))).toEqual([]);
    await agent.get('/members').expect(200);
    warn.mockRestore();
    debug.mockRestore();
  });
});
