import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import request from 'supertest';
import { PASSWORD } from '../support/accounts';
import { ARTIFACTS, cspErrorsOf, launchBrowser, listen, seriousViolations, signIn } from '../support/browser';
import { cityWithMembers, scheduledMeetup, tokensOf } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

describe('invitations pages in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let meetupId: number;

  beforeAll(async () => {
    t = await createTestApp({
      ADMIN_EMAIL: 'admin@meetloop.test',
      ADMIN_PASSWORD: PASSWORD,
      JOBS_WORKERS: 'false',
      RSVP_RATE_LIMIT_PER_MINUTE: '100000',
    });
    base = await listen(t);
    const { cityId } = await cityWithMembers(t, 40, 'browser');
    meetupId = await scheduledMeetup(t, cityId, { capacityMax: 4, capacityMin: 3, title: 'Chengdu fan meetup' });
    const http = () => request(t.app.getHttpServer());
    await http().post(`/api/meetups/${meetupId}/invitations`).set('Authorization', t.bearer).send({ wave: 'next' });
    const tokens = [...(await tokensOf(t, meetupId)).values()];
    await http().post(`/api/rsvp/${tokens[0]}`).send({ answer: 'accept' });
    await http().post(`/api/rsvp/${tokens[1]}`).send({ answer: 'decline' });
    await t.db.query(`UPDATE meetups SET low_turnout_alerted_at = now() WHERE id = $1`, [meetupId]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('has no serious accessibility violations or CSP errors, and sends a reviewed wave with the keyboard-free form', async () => {
    const page = await browser.newPage();
    const cspErrors = cspErrorsOf(page);
    await signIn(page, base, 'admin@meetloop.test');

    for (const path of [`/meetups/${meetupId}/invitations`, `/meetups/${meetupId}/invitees`]) {
      await page.goto(`${base}${path}`);
      expect({ path, violations: await seriousViolations(page) }).toEqual({ path, violations: [] });
      await page.screenshot({ path: join(ARTIFACTS, `invitations${path.replace(/\//g, '_')}.png`), fullPage: true });
    }

    // Proposal: search a member by name (Enter searches, it never sends), tick them, leave the first out, send.
    await page.getByLabel('Name, email prefix or external id').fill('Fan browser 0');
    await page.getByLabel('Name, email prefix or external id').press('Enter');
    await page.getByRole('checkbox', { name: /Fan browser 0 ·/ }).check();
    await page.locator(`input[name='exclude']`).first().check();
    await page.getByRole('button', { name: 'Send invitations' }).click();
    await page.waitForURL(`${base}/meetups/${meetupId}/invitations`);
    await page.getByText(/Wave 2 sent: \d+ invited\./).waitFor({ timeout: 10_000 });

    const withdraw = page.getByRole('button', { name: /^Withdraw/ }).first();
    await withdraw.click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'invitations_withdraw.png'), fullPage: true });
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByText('Invitation withdrawn; the member gets an email.').waitFor({ timeout: 10_000 });
    expect(cspErrors).toEqual([]);
    await page.close();
  });
});
