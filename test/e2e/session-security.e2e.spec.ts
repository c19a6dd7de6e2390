import request from 'supertest';
import { createAccount, csrfFrom, PASSWORD, signedIn } from '../support/accounts';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

/** A minimal cookie jar for requests whose cookies supertest's agent would not keep (Secure cookies over http). */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: request.Response): request.Response {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of set ?? []) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      this.cookies.set(name, value);
    }
    return res;
  }
  get header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

describe('sessions, tokens and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ TRUST_PROXY: 'loopback', RSVP_RATE_LIMIT_PER_MINUTE: '4' })));
  afterAll(() => t.close());
  const http = () => request(t.app.getHttpServer());

  it('ends the other sessions of an account when its password changes, keeping this one', async () => {
    const { agent, account, csrf } = await signedIn(t, 'staff');
    const other = request.agent(t.app.getHttpServer());
    const login = await other.get('/login');
    await other
      .post('/login')
      .type('form')
      .send({ email: account.email, password: PASSWORD, _csrf: csrfFrom(login.text) })
      .expect(303);
    await other.get('/account/password').expect(200);
    await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, currentPassword: PASSWORD, newPassword: 'a brand new long password' })
      .expect(303);
    await agent.get('/account/password').expect(200);
    const after = await other.get('/account/password').expect(303);
    expect(after.headers.location).toMatch(/^\/login/);
  });

  it('limits the current-password check like a sign-in', async () => {
    const { agent, csrf } = await signedIn(t, 'staff');
    const change = (currentPassword: string) =>
      agent
        .post('/account/password')
        .set('X-Forwarded-For', '198.51.100.20')
        .type('form')
        .send({ _csrf: csrf, currentPassword, newPassword: 'another long password here' });
    for (let i = 0; i < 10; i += 1) expect((await change(`wrong ${i}`)).status).toBe(400);
    expect((await change(PASSWORD)).status).toBe(429);
  });

  describe('sign-in limits (nobody can lock someone else out)', () => {
    const signIn = async (email: string, password: string, from: string) => {
      const agent = request.agent(t.app.getHttpServer());
      const login = await agent.get('/login').set('X-Forwarded-For', from);
      const res = await agent
        .post('/login')
        .set('X-Forwarded-For', from)
        .type('form')
        .send({ email, password, _csrf: csrfFrom(login.text) });
      return res.status;
    };

    it('stops the guessing address after 10 wrong passwords; the owner still gets in from elsewhere', async () => {
      const admin = await createAccount(t, 'admin');
      for (let i = 0; i < 10; i += 1) expect(await signIn(admin.email, `guess ${i}`, '203.0.113.1')).toBe(400);
      expect(await signIn(admin.email, PASSWORD, '203.0.113.1')).toBe(429);
      expect(await signIn(admin.email, PASSWORD, '203.0.113.2')).toBe(303);
      const logged = await t.db.query(
        `SELECT count(*)::int AS n FROM sign_in_attempts WHERE email = $1 AND NOT succeeded`,
        [admin.email],
      );
      expect(logged[0].n).toBe(10);
    });

    it('under a distributed attack keeps new addresses out and lets an address the account used before in', async () => {
      const admin = await createAccount(t, 'admin');
      expect(await signIn(admin.email, PASSWORD, '203.0.113.50')).toBe(303);
      await t.db.query(
        `INSERT INTO sign_in_attempts (email, ip, succeeded)
         SELECT $1, '192.0.2.' || i, false FROM generate_series(1, 100) AS i`,
        [admin.email],
      );
      expect(await signIn(admin.email, PASSWORD, '203.0.113.51')).toBe(429);
      expect(await signIn(admin.email, PASSWORD, '203.0.113.50')).toBe(303);
    });
  });

  it('skips the CSRF check only for a valid bearer token', async () => {
    const account = await createAccount(t, 'staff');
    // A login form posted from another site, with a made-up bearer header to dodge the check.
    const forged = await http()
      .post('/login')
      .set('Authorization', 'Bearer made-up')
      .type('form')
      .send({ email: account.email, password: PASSWORD });
    expect(forged.status).toBe(403);
    await http().post('/api/tokens').set('Authorization', t.bearer).send({ label: 'x' }).expect(403);
  });

  it('never takes the CSRF token from the query string; the import form sends it in its body', async () => {
    const { agent, csrf } = await signedIn(t, 'staff');
    const csv = Buffer.from('external_id,email,name,city,locale,registered_on\n');
    await agent
      .post(`/members/import?_csrf=${encodeURIComponent(csrf)}`)
      .attach('file', csv, 'm.csv')
      .expect(403);
    await agent
      .post(`/account/locale?_csrf=${encodeURIComponent(csrf)}`)
      .type('form')
      .send({ locale: 'en' })
      .expect(403);
    const page = await agent.get('/members/import').expect(200);
    expect(page.text).toContain("<form method='post' action='/members/import' enctype='multipart/form-data'>");
    await agent.post('/members/import').field('_csrf', csrf).attach('file', csv, 'm.csv').expect(201);
  });

  it('does not let an API token mint tokens', async () => {
    const { agent, csrf } = await signedIn(t, 'admin');
    const created = await agent.post('/api/tokens').set('X-CSRF-Token', csrf).send({ label: 'sync' }).expect(201);
    const minted = await http()
      .post('/api/tokens')
      .set('Authorization', `Bearer ${created.body.token}`)
      .send({ label: 'forever' });
    expect(minted.status).toBe(403);
    expect(minted.body.message).toContain('not with an API token');
  });

  it('counts the RSVP rate limit per address across the RSVP routes', async () => {
    const { cityId, memberIds } = await cityWithMembers(t, 1, 'throttle');
    const meetupId = await scheduledMeetup(t, cityId);
    const [token] = [...(await invite(t, meetupId, memberIds)).values()];
    const from = (path: string) => http().get(path).set('X-Forwarded-For', '198.51.100.7');
    await from(`/rsvp/${token}`).expect(200);
    await from(`/api/rsvp/${token}`).expect(200);
    await from(`/api/rsvp/${token}/questions`).expect(200);
    await from(`/rsvp/${token}`).expect(200);
    await from(`/api/rsvp/${token}`).expect(429);
    // Another address has its own count.
    await http().get(`/api/rsvp/${token}`).set('X-Forwarded-For', '198.51.100.8').expect(200);
  });

  describe('the API documentation', () => {
    it('answers staff and API tokens, with a CSP, and nobody else', async () => {
      await http().get('/api/docs-json').expect(401);
      const anonymous = await http().get('/api/docs').set('Accept', 'text/html').expect(303);
      expect(anonymous.headers.location).toBe('/login?next=%2Fapi%2Fdocs');
      await http().get('/api/docs-json').set('Authorization', t.bearer).expect(200);
      const { agent } = await signedIn(t, 'staff');
      const page = await agent.get('/api/docs/').expect(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      const engineer = await signedIn(t, 'engineer');
      await engineer.agent.get('/api/docs-json').expect(403);
    });

    it('answers anyone when API_DOCS_PUBLIC=true', async () => {
      const open = await createTestApp({ API_DOCS_PUBLIC: 'true' });
      try {
        await request(open.app.getHttpServer()).get('/api/docs-json').expect(200);
      } finally {
        await open.close();
      }
    });
  });

  it('trusts X-Forwarded-For only from the proxies TRUST_PROXY names', async () => {
    const direct = await createTestApp();
    try {
      const email = 'nobody@meetloop.test';
      await request(direct.app.getHttpServer())
        .post('/login')
        .set('X-Forwarded-For', '203.0.113.99')
        .set('Authorization', direct.bearer)
        .type('form')
        .send({ email, password: 'wrong password' });
      await http()
        .post('/login')
        .set('X-Forwarded-For', '203.0.113.99')
        .set('Authorization', t.bearer)
        .type('form')
        .send({ email, password: 'wrong password' });
      const ipsOf = async (app: TestApp) =>
        (await app.db.query(`SELECT ip FROM sign_in_attempts WHERE email = $1`, [email])).map(
          (r: { ip: string }) => r.ip,
        );
      expect(await ipsOf(direct)).not.toContain('203.0.113.99');
      expect(await ipsOf(t)).toEqual(['203.0.113.99']);
    } finally {
      await direct.close();
    }
  });

  it('clears the __Host- session cookie on logout under https', async () => {
    const https = await createTestApp({ PUBLIC_URL: 'https://meetloop.test', TRUST_PROXY: 'loopback' });
    try {
      const account = await createAccount(https, 'staff');
      const jar = new Jar();
      const at = (r: request.Test) => r.set('X-Forwarded-Proto', 'https').set('Cookie', jar.header);
      const server = https.app.getHttpServer();
      const login = jar.take(await at(request(server).get('/login')));
      jar.take(
        await at(request(server).post('/login'))
          .type('form')
          .send({ email: account.email, password: PASSWORD, _csrf: csrfFrom(login.text) })
          .expect(303),
      );
      expect(jar.header).toContain('__Host-meetloop.sid=');
      const page = jar.take(await at(request(server).get('/account/password')).expect(200));
      const out = await at(request(server).post('/logout')).set('X-CSRF-Token', csrfFrom(page.text)).expect(303);
      const cleared = (out.headers['set-cookie'] as unknown as string[]).find((c) =>
        c.startsWith('__Host-meetloop.sid='),
      );
      expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
      expect(cleared).toMatch(/; Secure/);
      expect(cleared).toMatch(/; Path=\//);
    } finally {
      await https.close();
    }
  });
});
