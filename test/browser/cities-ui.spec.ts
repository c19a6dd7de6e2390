import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import request from 'supertest';
import { CityGazetteerService } from '../../src/cities/city-gazetteer.service';
import { MemberImportService } from '../../src/members/member-import.service';
import { createAccount } from '../support/accounts';
import { ARTIFACTS, launchBrowser, listen, seriousViolations, signIn } from '../support/browser';
import { memberCsv, streamOf } from '../support/csv';
import { mailTo } from '../support/mailbox';
import { scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('cities in Chinese, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let meetupId: number;
  let urumqi: number;

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    base = await listen(t);
    await t.app.get(CityGazetteerService).load();
    // One city, three spellings: all three members land in 乌鲁木齐.
    const report = await t.app
      .get(MemberImportService)
      .importCsv(
        streamOf(
          memberCsv(
            'u-1,aygul@example.com,阿依古丽,乌鲁木齐市,,zh-CN,2019-04-01,120,true',
            'u-2,li.na@example.com,李娜,Ürümqi,,zh-CN,2020-04-01,30,false',
            'u-3,tom@example.com,Tom Lee,urumqi,,en,2021-04-01,44,false',
          ),
        ),
      );
    expect(report).toMatchObject({ inserted: 3, rejected: 0, citiesCreated: 0 });
    urumqi = (await t.db.query(`SELECT id FROM cities WHERE code = '650100'`))[0].id;
    meetupId = await scheduledMeetup(t, urumqi, { capacityMax: 10, title: 'Winter fan meetup' });
    await request(t.app.getHttpServer())
      .post(`/api/meetups/${meetupId}/invitations`)
      .set('Authorization', t.bearer)
      .send({ wave: 'next' })
      .expect(201);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signInInChinese(): Promise<Page> {
    const account = await createAccount(t, 'staff');
    await t.db.query(`UPDATE accounts SET locale = 'zh-CN' WHERE id = $1`, [account.id]);
    const page = await browser.newPage();
    await signIn(page, base, account.email);
    return page;
  }

  it('shows a zh-CN staff the Chinese city names, its aliases, and the ranking with one city', async () => {
    const page = await signInInChinese();
    await page.goto(`${base}/cities/${urumqi}`);
    await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await page.locator('h1').innerText()).toBe('乌鲁木齐');
    expect(await page.getByRole('heading', { name: '名称与写法' }).count()).toBe(1);
    expect(await page.locator('ul.aliases').innerText()).toContain('Ürümqi');
    expect({ violations: await seriousViolations(page) }).toEqual({ violations: [] });
    await page.screenshot({ path: join(ARTIFACTS, 'city-zh-CN.png'), fullPage: true });

    await page.goto(`${base}/cities/ranking`);
    const row = page.locator('tbody tr').filter({ hasText: '乌鲁木齐' });
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').nth(2).innerText()).toBe('3');

    await page.goto(`${base}/meetups/${meetupId}`);
    expect(await page.locator('main').innerText()).toContain('乌鲁木齐');
    expect(await page.locator('main').innerText()).not.toContain('Ürümqi');
    await page.close();
  });

  it('sends the invitation email with the city in the member’s language', async () => {
    const zh = await mailTo(t, 'li.na@example.com', '邀请你参加：乌鲁木齐 · Winter fan meetup');
    expect(zh.text).toContain('我们将在乌鲁木齐举办同城会');
    const en = await mailTo(t, 'tom@example.com', `You're invited: Winter fan meetup in Ürümqi`);
    expect(en.text).toContain('city meetup in Ürümqi');
    // The calendar entry's LOCATION ends with the city in the member's language.
    const location = (m: typeof zh) =>
      /^LOCATION:(.*)$/m.exec(
        Buffer.from(m.attachments.find((a) => a.filename.endsWith('.ics'))!.content, 'base64').toString(),
      )?.[1];
    expect(location(zh)).toContain('乌鲁木齐');
    expect(location(en)).toContain('Ürümqi');

    // As staff see it in the Mailbox page, rendered in the browser.
    const page = await signInInChinese();
    await page.goto(`${base}/mailbox/${zh.id}`);
    expect(await page.locator('main').innerText()).toContain('乌鲁木齐');
    await page.screenshot({ path: join(ARTIFACTS, 'invitation-zh-CN.png'), fullPage: true });
    await page.close();
  });
});
