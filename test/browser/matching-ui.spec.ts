import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import request from 'supertest';
import { EngineersService } from '../../src/engineers/engineers.service';
import { RsvpService } from '../../src/invitations/rsvp/rsvp.service';
import { createAccount, PASSWORD } from '../support/accounts';
import { ARTIFACTS, cspErrorsOf, launchBrowser, listen, seriousViolations, signIn } from '../support/browser';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

describe('engineer matching and the engineer’s brief in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let meetupId: number;
  let engineerEmail: string;

  beforeAll(async () => {
    t = await createTestApp({
      ADMIN_EMAIL: 'admin@meetloop.test',
      ADMIN_PASSWORD: PASSWORD,
      JOBS_WORKERS: 'false',
      RSVP_RATE_LIMIT_PER_MINUTE: '100000',
    });
    base = await listen(t);
    const areas = await productAreas(t);
    const { cityId, memberIds } = await cityWithMembers(t, 3, 'brief');
    meetupId = await scheduledMeetup(t, cityId, { title: 'Chengdu fan meetup' });
    const tokens = await invite(t, meetupId, memberIds);
    for (const id of memberIds) await t.app.get(RsvpService).answer(tokens.get(id)!, 'accept', {});
    const http = () => request(t.app.getHttpServer());
    await http()
      .post(`/api/rsvp/${tokens.get(memberIds[0])!}/questions`)
      .send({ productAreaId: areas.camera, body: 'Will night mode come to older phones?' })
      .expect(201);
    await http()
      .post(`/api/rsvp/${tokens.get(memberIds[1])!}/questions`)
      .send({ productAreaId: areas.router, body: 'Mesh support for the old router?' })
      .expect(201);
    const account = await createAccount(t, 'engineer');
    engineerEmail = account.email;
    const engineers = t.app.get(EngineersService);
    const e = await engineers.get(account.engineerId!);
    await engineers.save(
      {
        engineerCode: e.engineerCode,
        name: e.name,
        homeCityId: cityId,
        productAreaIds: [areas.camera],
        expertAreaIds: [areas.camera],
      },
      e.id,
    );
    await http()
      .put('/api/matching/settings')
      .set('Authorization', t.bearer)
      .send({ minEngineers: 1, maxEngineers: 2, maxMeetupsPerMonth: 2, maxTripsPerMonth: 1, travelWeight: 1 })
      .expect(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('walks staff through propose → review → confirm, and the engineer through their brief, with no serious axe findings', async () => {
    const page = await browser.newPage();
    const cspErrors = cspErrorsOf(page);
    await signIn(page, base, 'admin@meetloop.test');
    await page.goto(`${base}/matching`);
    await page.getByRole('button', { name: 'Propose engineers' }).click();
    await page
      .getByText(/Proposed 1 engineer for 1 meetups; 1 asked-about areas have nobody\./)
      .waitFor({ timeout: 10_000 });
    // The pair explains itself; the uncovered area is flagged.
    await page.getByText('Camera 1 · expert').waitFor();
    await page.getByText(/at home in Testcity/).waitFor();
    await page.locator('.match-gaps').getByText('Router 1').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'matching_review.png'), fullPage: true });
    await page.getByRole('button', { name: /^Confirm E\d+/ }).click();
    await page.getByText('1 engineer confirmed; they get an email with the meetup and their brief.').waitFor({
      timeout: 10_000,
    });
    await page.getByRole('cell', { name: 'confirmed' }).waitFor();
    await page.goto(`${base}/meetups/${meetupId}`);
    await page.locator('#engineers').getByText('Nobody covers Router.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().clearCookies();

    await signIn(page, base, engineerEmail);
    await page.getByRole('link', { name: 'My meetups' }).first().click();
    await page.getByRole('link', { name: 'Chengdu fan meetup' }).click();
    await page.getByRole('heading', { name: /Camera/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'engineer_brief.png'), fullPage: true });
    await page.getByLabel('Note').first().fill('Coming in 7.2');
    await page.getByRole('button', { name: 'Mark answered' }).first().click();
    await page.getByText('Marked answered.').waitFor({ timeout: 10_000 });
    await page.getByText('Coming in 7.2').first().waitFor();
    // Print: the forms and the navigation go, the questions stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('form.answer-form').first().isVisible()).toBe(false);
    expect(await page.getByText('Will night mode come to older phones?').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'engineer_brief_print.png'), fullPage: true });
    expect(cspErrors).toEqual([]);
    await page.close();
  });
});
