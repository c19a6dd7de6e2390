import request from 'supertest';
import { AccountsService } from '../../src/accounts/accounts.service';
import { createAccount, csrfFrom, PASSWORD, signedIn } from '../support/accounts';
import { createTestApp, TestApp } from '../support/test-app';

/** What a newcomer walking the admin pages ran into. */
describe('admin pages', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('says where to start on the members page before any member exists', async () => {
    const { agent } = await signedIn(t, 'staff');
    const page = await agent.get('/members').expect(200);
    expect(page.text).toContain(
      `No members yet. <a href="/members/import">Import the forum's member export</a> (CSV) to start.`,
    );
  });

  describe('member import page', () => {
    it('shows a file refused as a whole beside the form, to try again', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const res = await agent
        .post('/members/import')
        .field('_csrf', csrf)
        .attach('file', Buffer.from('foo,bar\n1,2\n'), 'wrong.csv')
        .expect(400);
      expect(res.text).toContain('The CSV header lacks external_id, email, name, city, locale, registered_on.');
      expect(res.text).toContain('<h1>Import members</h1>');
      expect(res.text).toContain("name='file'");
    });

    it('says "…and N more" where the report shortens, and downloads every rejected row as CSV', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const bad = Array.from({ length: 1003 }, (_, i) => `bad-${i},not-an-email,Bad ${i},Beijing,en,2024-01-02`);
      const file = Buffer.from(['external_id,email,name,city,locale,registered_on', ...bad].join('\n') + '\n');
      const page = await agent.post('/members/import').field('_csrf', csrf).attach('file', file, 'bad.csv').expect(201);
      expect(page.text).toContain('…and 3 more rows not listed here.');
      expect(page.text).toContain(`formaction='/members/import/rejections.csv'`);
      // The token rides in the multipart body, never in the address.
      await agent.post('/members/import/rejections.csv').attach('file', file, 'bad.csv').expect(403);
      expect(page.text.match(/<tr><td class='num'>/g)).toHaveLength(1000);

      const csv = await agent
        .post('/members/import/rejections.csv')
        .field('_csrf', csrf)
        .attach('file', file, 'bad.csv')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain('bad-rejected-rows.csv');
      const lines = (csv.body as Buffer)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toBe('line,external_id,reason');
      expect(lines).toHaveLength(1 + 1003);
      expect(lines[1003]).toMatch(/^\d+,bad-1002,/);
    });

    it('refuses an empty file instead of reporting zero rows', async () => {
      const { agent, csrf } = await signedIn(t, 'staff');
      const res = await agent
        .post('/members/import')
        .field('_csrf', csrf)
        .attach('file', Buffer.from(''), 'empty.csv')
        .expect(400);
      expect(res.text).toContain('The file is empty: Expected columns: external_id, email');
    });
  });

  it('offers a way back to the form after a refused post', async () => {
    const { agent, csrf } = await signedIn(t, 'staff');
    const form = { engineerCode: 'E3333', name: 'First', _csrf: csrf };
    await agent.post('/engineers').type('form').send(form).expect(303);
    const res = await agent
      .post('/engineers')
      .set('Referer', 'http://127.0.0.1/engineers/new')
      .set('Host', '127.0.0.1')
      .type('form')
      .send({ ...form, name: 'Second' })
      .expect(409);
    expect(res.text).toContain('Engineer ID E3333 is already taken.');
    expect(res.text).toContain(`<a href='/engineers/new' role='button'>Back</a>`);
    // Browsers send that Referer to our own pages only.
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  describe('accounts page', () => {
    it("lets an admin set another account's password, which signs that account out", async () => {
      const { agent, account: admin } = await signedIn(t, 'admin');
      const staff = await createAccount(t, 'staff');
      const page = await agent.get('/accounts').expect(200);
      expect(page.text).toContain(`action="/accounts/${staff.id}/password"`);
      // Your own row leads to the password page; disabling yourself is refused anyway.
      expect(page.text).not.toContain(`action="/accounts/${admin.id}/disable"`);
      await agent
        .post(`/accounts/${staff.id}/password`)
        .type('form')
        .send({ password: 'a brand new password', _csrf: csrfFrom(page.text) })
        .expect(303);
      const after = await agent.get('/accounts').expect(200);
      expect(after.text).toContain(`Password set; ${staff.email} was signed out everywhere.`);
      await expect(
        t.app.get(AccountsService).signIn(staff.email, 'a brand new password', 'test'),
      ).resolves.toMatchObject({ id: staff.id });
      await expect(t.app.get(AccountsService).signIn(staff.email, PASSWORD, 'test')).rejects.toThrow();
    });
  });

  describe('in Chinese', () => {
    it('shows the pages, titles, flashes and error pages in the account’s language', async () => {
      const { agent, csrf } = await signedIn(t, 'admin');
      await agent.post('/account/locale').type('form').send({ locale: 'zh-CN', _csrf: csrf }).expect(303);
      const dashboard = await agent.get('/').expect(200);
      expect(dashboard.text).toContain('<html lang="zh-CN">');
      expect(dashboard.text).toContain('<title>概览 · Meetloop</title>');
      expect(dashboard.text).toContain('即将举行的同城会');
      const members = await agent.get('/members?q=nobody-matches-this').expect(200);
      expect(members.text).toContain('还没有会员');
      await agent
        .post('/engineers')
        .type('form')
        .send({ engineerCode: 'E4444', name: '周敏', _csrf: csrf })
        .expect(303);
      expect((await agent.get('/engineers').expect(200)).text).toContain('已添加工程师 E4444 周敏。');
      const missing = await agent.get('/members/999999').set('Accept', 'text/html').expect(404);
      expect(missing.text).toContain('<h1>找不到</h1>');
      await request(t.app.getHttpServer()).get('/api/members/999999').set('Authorization', t.bearer).expect(404, {
        statusCode: 404,
        error: 'Not found',
        message: 'There is no member 999999.',
      });
    });
  });
});
