import request from 'supertest';
import { AccountsService } from '../../src/accounts/accounts.service';
import { createAccount, csrfFrom, PASSWORD, signedIn } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

describe('accounts and access', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await createTestApp({ ADMIN_EMAIL: 'boss@meetloop.test', ADMIN_PASSWORD: 'first admin password' })),
  );
  afterAll(() => t.close());
  const server = () => t.app.getHttpServer();

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD on a fresh install', async () => {
    const accounts = await t.app.get(AccountsService).list();
    expect(accounts.map((a) => [a.email, a.role])).toEqual([['boss@meetloop.test', 'admin']]);
    const stored = await t.db.query(`SELECT password_hash FROM accounts WHERE email = 'boss@meetloop.test'`);
    expect(stored[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('sends a visitor without a session to the sign-in page, and an API client gets 401', async () => {
    const page = await request(server()).get('/members?q=li').set('Accept', 'text/html').expect(303);
    expect(page.headers.location).toBe('/login?next=%2Fmembers%3Fq%3Dli');
    await request(server()).get('/api/members').expect(401);
  });

  it('signs in, returns to the page asked for, and signs out', async () => {
    const agent = request.agent(server());
    const login = await agent.get('/login?next=/cities').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({
        email: 'BOSS@meetloop.test',
        password: 'first admin password',
        next: '/cities',
        _csrf: csrfFrom(login.text),
      })
      .expect(303);
    expect(res.headers.location).toBe('/cities');
    const cities = await agent.get('/cities').expect(200);
    expect(cities.text).toContain('<h1>Cities</h1>');
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfFrom(cities.text) })
      .expect(303);
    await agent.get('/cities').set('Accept', 'text/html').expect(303);
  });

  it('refuses a wrong password with the sign-in page again, and records the attempt', async () => {
    const agent = request.agent(server());
    const login = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: 'boss@meetloop.test', password: 'not it', _csrf: csrfFrom(login.text) })
      .expect(400);
    expect(res.text).toContain('Email or password is wrong');
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM sign_in_attempts WHERE NOT succeeded`);
    expect(row.n).toBeGreaterThanOrEqual(1);
  });

  it('never redirects off-site after sign-in', async () => {
    const { agent } = await signedIn(t, 'staff');
    const login = await agent.get('/login').expect(200);
    const account = await createAccount(t, 'staff');
    const res = await agent
      .post('/login')
      .type('form')
      .send({ email: account.email, password: PASSWORD, next: '//evil.example/phish', _csrf: csrfFrom(login.text) })
      .expect(303);
    expect(res.headers.location).toBe('/');
  });

  it('rate-limits sign-in after repeated failures for one email', async () => {
    const account = await createAccount(t, 'staff');
    const agent = request.agent(server());
    const token = csrfFrom((await agent.get('/login')).text);
    for (let i = 0; i < 10; i++) {
      await agent
        .post('/login')
        .type('form')
        .send({ email: account.email, password: 'wrong', _csrf: token })
        .expect(400);
    }
    const blocked = await agent
      .post('/login')
      .type('form')
      .send({ email: account.email, password: PASSWORD, _csrf: token });
    expect(blocked.status).toBe(429);
  });

  it('refuses a form post without a CSRF token and changes nothing', async () => {
    const { agent } = await signedIn(t, 'staff');
    const res = await agent
      .post('/engineers')
      .type('form')
      .set('Accept', 'text/html')
      .send({ engineerCode: 'E4242', name: 'Sneaky' })
      .expect(403);
    expect(res.text).toContain('Reload the page');
    const [row] = await t.db.query(`SELECT count(*)::int AS n FROM engineers WHERE engineer_code = 'E4242'`);
    expect(row.n).toBe(0);
  });

  it('keeps engineers out of staff pages (403) but lets them see the dashboard', async () => {
    const { agent } = await signedIn(t, 'engineer');
    const res = await agent.get('/members').set('Accept', 'text/html').expect(403);
    expect(res.text).toContain('Not for this account');
    const dashboard = await agent.get('/').expect(200);
    // A start page of their own, without the community's counts or the staff's meetup plan.
    expect(dashboard.text).toContain('once the community team assigns you to a meetup');
    expect(dashboard.text).not.toContain('class="stats"');
    await agent.get('/api/members').expect(403);
    const steward = await signedIn(t, 'steward');
    const door = await steward.agent.get('/').expect(200);
    expect(door.text).toContain('<a href="/check-in">Meetups at the door</a>');
    expect(door.text).not.toContain('class="stats"');
  });

  it('keeps staff out of account administration', async () => {
    const { agent } = await signedIn(t, 'staff');
    await agent.get('/accounts').set('Accept', 'text/html').expect(403);
  });

  it('lets an admin create an account, disable it (signing it out) and enable it', async () => {
    const { agent, csrf } = await signedIn(t, 'admin');
    await agent
      .post('/accounts')
      .type('form')
      .send({
        _csrf: csrf,
        name: 'Door Volunteer',
        email: 'door@meetloop.test',
        role: 'steward',
        password: 'a long steward password',
      })
      .expect(303);
    const [steward] = await t.db.query(`SELECT id FROM accounts WHERE email = 'door@meetloop.test'`);
    const stewardAgent = request.agent(server());
    const login = await stewardAgent.get('/login');
    await stewardAgent
      .post('/login')
      .type('form')
      .send({ email: 'door@meetloop.test', password: 'a long steward password', _csrf: csrfFrom(login.text) })
      .expect(303);
    await stewardAgent.get('/').expect(200);
    await agent.post(`/accounts/${steward.id}/disable`).type('form').send({ _csrf: csrf }).expect(303);
    await stewardAgent.get('/').set('Accept', 'text/html').expect(303);
    await agent.post(`/accounts/${steward.id}/enable`).type('form').send({ _csrf: csrf }).expect(303);
  });

  it('rejects a weak password and a duplicate email with clear 4xx answers', async () => {
    const res = await request(server())
      .post('/api/accounts')
      .set('Authorization', t.bearer)
      .send({ email: 'x@meetloop.test', name: 'X', role: 'staff', password: 'short' })
      .expect(400);
    expect(res.body.message).toContain('at least 12 characters');
    await request(server())
      .post('/api/accounts')
      .set('Authorization', t.bearer)
      .send({ email: 'Boss@meetloop.test', name: 'X', role: 'staff', password: 'long enough password' })
      .expect(409);
    const bad = await request(server())
      .post('/api/accounts')
      .set('Authorization', t.bearer)
      .send({ email: 'nope', name: 'X', role: 'king', password: 'long enough password', extra: 1 })
      .expect(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([
        'email must be a valid email address',
        'role must be one of admin, staff, engineer, steward',
        'property extra should not exist',
      ]),
    );
  });

  it('issues API tokens that work until revoked, and stores only their hash', async () => {
    const { agent, csrf, account } = await signedIn(t, 'admin');
    const created = await agent.post('/api/tokens').set('X-CSRF-Token', csrf).send({ label: 'forum sync' }).expect(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^mlt_/);
    const me = await request(server()).get('/api/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ accountId: account.id, role: 'admin', via: 'token' });
    const [stored] = await t.db.query('SELECT token_hash FROM api_tokens WHERE id = $1', [created.body.id]);
    expect(stored.token_hash).not.toContain(token);
    await agent.delete(`/api/tokens/${created.body.id}`).set('X-CSRF-Token', csrf).expect(204);
    await request(server()).get('/api/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('changes a password only with the current one', async () => {
    const { agent, csrf, account } = await signedIn(t, 'staff');
    await agent
      .post('/account/password')
      .type('form')
      .set('Accept', 'text/html')
      .send({ _csrf: csrf, currentPassword: 'wrong', newPassword: 'a brand new password' })
      .expect(400);
    await agent
      .post('/account/password')
      .type('form')
      .send({ _csrf: csrf, currentPassword: PASSWORD, newPassword: 'a brand new password' })
      .expect(303);
    await expect(
      t.app.get(AccountsService).signIn(account.email, 'a brand new password', '10.0.0.1'),
    ).resolves.toMatchObject({
      id: account.id,
    });
  });

  it('sets security headers with a strict content security policy', async () => {
    const res = await request(server()).get('/login').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });
});
