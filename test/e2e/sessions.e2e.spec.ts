import { Logger } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { createAccount, csrfFrom, PASSWORD, signedIn } from '../support/accounts';
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

  it('stores a flash message before the redirect leaves, so the next page shows it even when the store is slow', async () => {
    // Browsers follow a redirect as soon as its headers arrive; express-session may still be writing the session.
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const cookies = new Map<string, string>();
    const call = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(base + path, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as object), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return res;
    };
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const staff = await createAccount(t, 'staff');
    const login = await (await call('/login')).text();
    await call('/login', form({ email: staff.email, password: PASSWORD, _csrf: csrfFrom(login) }));
    const csrf = csrfFrom(await (await call('/engineers/new')).text());
    const sid = decodeURIComponent(cookies.get('meetloop.sid')!)
      .replace(/^s:/, '')
      .replace(/\.[^.]*$/, '');

    // Hold the session row, as a busy database would, for a moment.
    const lock = new Client({ connectionString: t.databaseUrl });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM sessions WHERE sid = $1 FOR UPDATE', [sid]);
    const release = setTimeout(() => void lock.query('COMMIT'), 500);
    try {
      const posted = await call('/engineers', form({ engineerCode: 'E5555', name: 'Slow Store', _csrf: csrf }));
      expect(posted.status).toBe(303);
      const page = await (await call(posted.headers.get('location')!)).text();
      expect(page).toContain('Engineer E5555 Slow Store added.');
    } finally {
      clearTimeout(release);
      await lock.query('COMMIT').catch(() => undefined);
      await lock.end();
    }
  });
});
