import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { MeetupsService } from '../../src/meetups/meetups.service';
import request from 'supertest';
import { checkInCode } from '../../src/invitations/core/check-in-code';
import { CityGazetteerService } from '../../src/cities/city-gazetteer.service';
import { MemberImportService } from '../../src/members/member-import.service';
import { createAccount, PASSWORD } from '../support/accounts';
import { ARTIFACTS, cspErrorsOf, launchBrowser, listen, seriousViolations, submitSignIn } from '../support/browser';
import { acceptAll, atTheDoor, invitationOf } from '../support/check-in';
import { memberCsv, streamOf } from '../support/csv';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('admin UI in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let meetupId: number;

  beforeAll(async () => {
    t = await createTestApp({
      ADMIN_EMAIL: 'admin@meetloop.test',
      ADMIN_PASSWORD: PASSWORD,
      RSVP_RATE_LIMIT_PER_MINUTE: '100000',
    });
    base = await listen(t);
    await t.app.get(CityGazetteerService).load();
    await t.app
      .get(MemberImportService)
      .importCsv(
        streamOf(
          memberCsv(
            'f-1,li.wei@example.com,李伟,Chengdu,Sichuan,zh-CN,2019-04-01,120,true',
            'f-2,wang.fang@example.com,王芳,Chengdu,Sichuan,zh-CN,2020-04-01,3,false',
            'f-3,anna@example.com,Anna Schmidt,Shanghai,,en,2021-04-01,44,false',
          ),
        ),
      );
    await t.db.query(`INSERT INTO product_areas (slug, name_en, name_zh) VALUES ('camera', 'Camera', '相机')`);
    meetupId = (
      await t.app.get(MeetupsService).create({
        cityId: (await t.db.query(`SELECT id FROM cities WHERE name = 'Chengdu'`))[0].id,
        title: 'Chengdu winter meetup',
        venue: 'Tea house',
        startsAt: '2027-01-16T19:00',
        endsAt: '2027-01-16T22:00',
      })
    ).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(email: string, password = PASSWORD): Promise<Page> {
    const page = await browser.newPage();
    await submitSignIn(page, base, email, password);
    return page;
  }

  it('refuses a wrong password and says so', async () => {
    const page = await signIn('admin@meetloop.test', 'not the password');
    await expectText(page, 'Email or password is wrong');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('signs in, walks the main pages with no serious accessibility violations, and keeps screenshots', async () => {
    const page = await signIn('admin@meetloop.test');
    await page.waitForURL(`${base}/`);
    const cspErrors = cspErrorsOf(page);
    // Every request a page makes succeeds (a missing favicon or stylesheet shows up here).
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
    const pages = [
      '/',
      '/members',
      '/members/import',
      '/cities',
      '/cities/ranking',
      '/engineers',
      '/engineers/new',
      '/accounts',
      '/account/password',
      '/meetups',
      '/meetups/new',
      `/meetups/${meetupId}`,
      `/meetups/${meetupId}/edit`,
      `/meetups/${meetupId}/announcement`,
      '/planner?startDate=2027-03-01',
    ];
    for (const path of pages) {
      await page.goto(`${base}${path}`);
      expect(await page.locator('h1').count()).toBeGreaterThan(0);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      await page.screenshot({
        path: join(ARTIFACTS, `page${path.replace(/[/?=]/g, '_') || '_root'}.png`),
        fullPage: true,
      });
    }
    expect(cspErrors).toEqual([]);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('switches to Chinese from the account menu, and back to the same page', async () => {
    const page = await signIn((await createAccount(t, 'admin')).email);
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}/members`);
    await page.locator('details.dropdown summary').click();
    await page.getByRole('button', { name: '中文' }).click();
    // The URL stays the same, so wait for the new page itself.
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe('/members');
    expect(await page.locator('h1').innerText()).toBe('会员');
    await page.getByLabel('姓名、邮箱或外部 ID').fill('王');
    await page.getByRole('button', { name: '搜索' }).click();
    await expectText(page, 'wang.fang@example.com');
    for (const [path, heading] of [
      ['/', '概览'],
      ['/members/import', '导入会员'],
      ['/engineers', '工程师'],
      ['/accounts', '账号'],
    ]) {
      await page.goto(`${base}${path}`);
      expect(await page.locator('h1').first().innerText()).toBe(heading);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
    }
    await page.screenshot({ path: join(ARTIFACTS, 'accounts-zh-CN.png'), fullPage: true });
    await page.locator('details.dropdown summary').click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe('/accounts');
    expect(await page.locator('h1').first().innerText()).toBe('Accounts');
    await page.close();
  });

  it('searches members by name fragment and filters by city', async () => {
    const page = await signIn('admin@meetloop.test');
    await page.goto(`${base}/members`);
    await page.getByLabel('Name, email or external id').fill('王');
    await page.getByRole('button', { name: 'Search' }).click();
    await expectText(page, 'wang.fang@example.com');
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Name, email or external id').fill('');
    await page.getByLabel('City').selectOption({ label: 'Shanghai' });
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await expectText(page, 'Anna Schmidt');
    await page.close();
  });

  it('imports a CSV through the page and shows each bad row with its line and reason', async () => {
    const page = await signIn('admin@meetloop.test');
    await page.goto(`${base}/members/import`);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'members.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        memberCsv(
          'u-1,new.one@example.com,New One,Wuhan,Hubei,en,2022-01-01,1,false',
          'u-2,broken-email,New Two,Wuhan,Hubei,en,2022-01-01,1,false',
        ),
      ),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expectText(page, 'Report for members.csv');
    const row = page.locator('tbody tr').first();
    expect(await row.innerText()).toMatch(/3\s+u-2\s+email "broken-email" is not a valid address/);
    await page.screenshot({ path: join(ARTIFACTS, 'import-report.png'), fullPage: true });
    const [count] = await t.db.query(`SELECT count(*)::int AS n FROM members WHERE external_id = 'u-1'`);
    expect(count.n).toBe(1);
    await page.close();
  });

  it('adds an engineer with product areas through the form', async () => {
    const page = await signIn('admin@meetloop.test');
    await page.goto(`${base}/engineers/new`);
    await page.getByLabel('Engineer ID').fill('E1024');
    await page.getByLabel('Name').fill('Zhou Min');
    await page.getByLabel('Home city').selectOption({ label: 'Chengdu' });
    await page.getByRole('checkbox', { name: /^Camera/ }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expectText(page, 'Engineer E1024 Zhou Min added.');
    expect(await page.locator('tbody tr').first().innerText()).toMatch(/E1024\s+Zhou Min\s+Camera\s+Chengdu/);
    await page.close();
  });

  it('plans, creates, schedules and announces a meetup through the pages, accessible on the way', async () => {
    const page = await signIn('admin@meetloop.test');
    await page.waitForURL(`${base}/`);
    const cspErrors = cspErrorsOf(page);

    // Chengdu rests after its January meetup, so the planner proposes the next city first; accept that row.
    await page.goto(`${base}/planner?startDate=2027-03-01&cycles=2`);
    expect(await page.locator('#cityId_0 option[selected]').innerText()).toBe('Shanghai (#1)');
    await page.getByRole('button', { name: 'Accept Shanghai, Cycle 1' }).click();
    await expectText(page, 'Accepted as draft meetups: Shanghai 2027-03-06 19:00');

    // A meetup by hand: a clash first (kept input, clear message), then a good one.
    await page.goto(`${base}/meetups/new`);
    await page.getByLabel('City').selectOption({ label: 'Shanghai (Asia/Shanghai)' });
    await page.getByLabel('Title').fill('Shanghai spring meetup');
    await page.getByLabel('Starts').fill('2027-04-10T19:00');
    await page.getByLabel('Ends').fill('2027-04-10T18:00');
    await page.getByRole('button', { name: 'Create meetup' }).click();
    await expectText(page, 'endsAt must be after startsAt.');
    expect(await page.getByLabel('Title').inputValue()).toBe('Shanghai spring meetup');
    expect({ path: 'meetup form with errors', violations: await seriousViolations(page) }).toEqual({
      path: 'meetup form with errors',
      violations: [],
    });
    await page.getByLabel('Ends').fill('2027-04-10T21:30');
    await page.getByRole('button', { name: 'Create meetup' }).click();
    await expectText(page, 'Meetup "Shanghai spring meetup" created as a draft.');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expectText(page, 'is now scheduled');
    expect(await page.getByRole('button', { name: 'Start inviting' }).count()).toBe(1);

    // The announcement: live preview while typing (public/announcement.js), then marked as posted by hand.
    await page.getByRole('link', { name: 'Write and publish the announcement' }).click();
    await page.getByLabel('Announcement (Markdown)').fill('# Typed heading\n\nSee you in **Shanghai**.');
    await page.locator('#markdown-preview h1', { hasText: 'Typed heading' }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('button', { name: 'Copy the text' }).isVisible()).toBe(true);
    expect({ path: 'announcement', violations: await seriousViolations(page) }).toEqual({
      path: 'announcement',
      violations: [],
    });
    await page.getByLabel('Address of the forum post (optional)').fill('https://forum.example.com/t/shanghai/1');
    await page.getByRole('button', { name: 'Mark as published by hand' }).click();
    await expectText(page, 'Announcement recorded as published by hand.');
    await page.screenshot({ path: join(ARTIFACTS, 'announcement-published.png'), fullPage: true });
    const [row] = await t.db.query(
      `SELECT a.state, a.markdown, a.forum_url FROM meetup_announcements a JOIN meetups m ON m.id = a.meetup_id
        WHERE m.title = 'Shanghai spring meetup'`,
    );
    expect(row).toEqual({
      state: 'published',
      markdown: '# Typed heading\n\nSee you in **Shanghai**.',
      forum_url: 'https://forum.example.com/t/shanghai/1',
    });
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('shows an engineer a 403 page on staff pages', async () => {
    const engineer = await createAccount(t, 'engineer');
    const page = await signIn(engineer.email);
    await page.waitForURL(`${base}/`);
    const response = await page.goto(`${base}/members`);
    expect(response?.status()).toBe(403);
    await expectText(page, 'Not for this account');
    await page.close();
  });

  it('walks a steward through check-in: search, mark arrived, live count, scan page, printable roster', async () => {
    const { cityId, memberIds } = await cityWithMembers(t, 3, 'walk');
    const meetupId = await scheduledMeetup(t, cityId, { title: 'Walk-in meetup' });
    const tokens = await invite(t, meetupId, memberIds);
    await acceptAll(t, tokens, memberIds.slice(0, 2));
    await atTheDoor(t, meetupId, 90);
    const steward = await createAccount(t, 'steward');
    const page = await signIn(steward.email);
    await page.waitForURL(`${base}/`);
    const cspErrors = cspErrorsOf(page);

    await page.getByRole('link', { name: 'Check-in' }).click();
    await expectText(page, 'Walk-in meetup');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Open check-in' }).click();
    await expectText(page, 'Arrived 0 of 2 accepted (capacity 50)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Name or email').fill('walk 1');
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Mark arrived' }).click();
    await expectText(page, 'Fan walk 1 has arrived.');
    await expectText(page, 'Arrived 1 of 2 accepted (capacity 50)');
    await page.screenshot({ path: join(ARTIFACTS, 'check-in.png'), fullPage: true });

    // Another steward checks someone in: the page's small script refreshes the count by itself.
    const other = await invitationOf(t, meetupId, memberIds[0]);
    await request(t.app.getHttpServer())
      .post(`/api/meetups/${meetupId}/attendees/${other.id}/check-in`)
      .set('Authorization', t.bearer)
      .expect(200);
    await page.getByText('Arrived 2 of 2 accepted (capacity 50)').waitFor({ timeout: 20_000 });

    await page.goto(`${base}/check-in/${checkInCode(t.env.APP_SECRET!, other.id)}`);
    await expectText(page, 'Already arrived at');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'check-in-scan.png'), fullPage: true });
    const waiting = await invitationOf(t, meetupId, memberIds[2]);
    await page.goto(`${base}/check-in/${checkInCode(t.env.APP_SECRET!, waiting.id)}`);
    await expectText(page, 'Has not answered the invitation: not on the list.');
    expect(await page.getByRole('button', { name: 'Mark arrived' }).count()).toBe(0);

    await page.goto(`${base}/meetups/${meetupId}/roster`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Print' }).waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await page.locator('.roster-table').first().isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'roster-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    const refused = await page.goto(`${base}/members`);
    expect(refused?.status()).toBe(403);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('refuses a form post that lacks the CSRF token', async () => {
    const page = await signIn('admin@meetloop.test');
    await page.waitForURL(`${base}/`);
    const status = await page.evaluate(async () => {
      const body = new URLSearchParams({ engineerCode: 'E7777', name: 'Forged' });
      return (await fetch('/engineers', { method: 'POST', body })).status;
    });
    expect(status).toBe(403);
    const [count] = await t.db.query(`SELECT count(*)::int AS n FROM engineers WHERE engineer_code = 'E7777'`);
    expect(count.n).toBe(0);
    await page.close();
  });
});

async function expectText(page: Page, text: string): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout: 10_000 });
}
