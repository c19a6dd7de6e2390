import type { Browser, Page } from 'playwright-core';
import { RsvpService } from '../../src/invitations/rsvp/rsvp.service';
import { QuestionsService } from '../../src/questions/questions.service';
import { checkPage, cspErrorsOf, launchBrowser, listen, PHONE } from '../support/browser';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

describe('the fan RSVP page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let memberIds: string[];
  let tokens: Map<string, string>;
  let theirQuestionId: string;

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    base = await listen(t);
    const areas = await productAreas(t);
    let cityId: number;
    ({ cityId, memberIds } = await cityWithMembers(t, 3, 'browser'));
    const meetupId = await scheduledMeetup(t, cityId, { title: 'Chengdu fan meetup' });
    tokens = await invite(t, meetupId, memberIds);
    // Member 1 (reads Chinese) is coming and has asked a question already.
    await t.app.get(RsvpService).answer(tokens.get(memberIds[1])!, 'accept', {});
    theirQuestionId = (
      await t.app
        .get(QuestionsService)
        .ask(tokens.get(memberIds[1])!, { productAreaId: areas.router, body: '路由器能不能支持家长控制？' })
    ).id;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const check = (page: Page, name: string) => checkPage(page, 'rsvp', name);

  it('opens the invitation link on a phone, accepts, asks a question and up-votes another attendee’s, accessibly', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const cspErrors = cspErrorsOf(page);

    // Member 0 reads English.
    await page.goto(`${base}/rsvp/${tokens.get(memberIds[0])!}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByText('You have not answered yet.').waitFor();
    await check(page, 'invitation');

    await page.getByRole('button', { name: "Yes, I'll come" }).click();
    await page.getByText('Thank you! You are coming.').waitFor();
    // The member's own answer is no button any more; the other one is.
    expect(await page.getByRole('button', { name: "Yes, I'll come" }).count()).toBe(0);
    expect(await page.getByRole('button', { name: "No, I can't come" }).count()).toBe(1);
    await check(page, 'accepted');

    await page.getByRole('combobox', { name: 'Product area' }).selectOption({ label: 'Camera' });
    await page
      .getByRole('textbox', { name: 'Your question' })
      .fill('Will the night mode come to last year’s phones?\nAnd to the front camera?');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByText('Your question was added. Thank you!').waitFor();
    expect(new URL(page.url()).hash).toBe('#questions');
    const mine = page.locator('article.question');
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('.question-body').innerText()).toBe(
      'Will the night mode come to last year’s phones?\nAnd to the front camera?',
    );
    // The edit form opens in place and is checked too.
    await mine.getByText('Edit').click();
    expect(await mine.getByRole('textbox', { name: 'Your question' }).inputValue()).toBe(
      'Will the night mode come to last year’s phones?\nAnd to the front camera?',
    );
    await check(page, 'question-added');

    const theirs = page.locator('.question-list li', { hasText: '路由器能不能支持家长控制？' });
    await theirs.getByRole('button', { name: 'Up-vote' }).click();
    await page.getByText('Your vote was counted.').waitFor();
    await page.locator('.question-list li', { hasText: 'You voted for this.' }).waitFor();
    expect(await page.locator('.question-list li').first().innerText()).toMatch(/1 vote\b/);
    await check(page, 'voted');

    const [counted] = await t.db.query(
      `SELECT q.votes, (SELECT count(*)::int FROM question_votes v WHERE v.question_id = q.id) AS rows
         FROM questions q WHERE q.id = $1`,
      [theirQuestionId],
    );
    expect(counted).toEqual({ votes: 1, rows: 1 });
    const [asked] = await t.db.query(
      `SELECT count(*)::int AS n FROM questions q JOIN invitations i ON i.id = q.invitation_id WHERE i.member_id = $1`,
      [memberIds[0]],
    );
    expect(asked.n).toBe(1);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('shows a Chinese-speaking member the page in Chinese, on a wide screen too', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/rsvp/${tokens.get(memberIds[1])!}`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { name: '你想问工程师的问题' }).waitFor();
    await page.getByRole('heading', { name: '其他参会者的问题' }).waitFor();
    await check(page, 'zh-wide');
    await page.close();
  });

  it('says plainly, in both languages, that a link is not valid', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const response = await page.goto(`${base}/rsvp/this-is-not-a-token`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: /链接无效.*This link is not valid/ }).waitFor();
    await check(page, 'invalid');
    await page.close();
  });
});
