import type { Browser, Page } from 'playwright-core';
import { AccountsService } from '../../src/accounts/accounts.service';
import { InvitationsTickService } from '../../src/invitations/invitations-tick.service';
import { feedbackToken } from '../../src/feedback/feedback-token';
import { PASSWORD } from '../support/accounts';
import { checkPage, launchBrowser, listen, PHONE, signIn } from '../support/browser';
import { feedbackRequestsOf, heldMeetup } from '../support/feedback';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { heldMeetupsWithFeedback } from '../support/report-data';
import { createTestApp, TestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe('feedback form and reports in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let zhToken: string;

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    base = await listen(t);
    await productAreas(t);
    const { cityId, memberIds } = await cityWithMembers(t, 3, 'fbui');
    // Member 1 reads Chinese (cityWithMembers: every member whose index is not a multiple of 3).
    const { meetupId, endsAt } = await heldMeetup(t, cityId, { came: [memberIds[1]] }, { title: '成都粉丝同城会' });
    await t.app.get(InvitationsTickService).tick(new Date(endsAt.getTime() + 3 * HOUR));
    const [request] = await feedbackRequestsOf(t, meetupId);
    const [{ token_nonce: nonce }] = await t.db.query(`SELECT token_nonce FROM feedback_requests WHERE id = $1`, [
      request.id,
    ]);
    zhToken = feedbackToken(t.env.APP_SECRET!, nonce);
    await heldMeetupsWithFeedback(t, [
      {
        city: '武汉',
        day: '2027-01-16',
        title: 'Wuhan January',
        attendees: [
          ...Array.from({ length: 10 }, (_, i) => ({
            came: true as const,
            answer: [(i % 5) + 1, i] as [number, number],
          })),
          { came: false },
        ],
      },
    ]);
    await t.app.get(AccountsService).create({
      email: 'staff-zh@meetloop.test',
      name: '员工',
      role: 'staff',
      password: PASSWORD,
      locale: 'zh-CN',
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const check = (page: Page, name: string) => checkPage(page, 'feedback', name);

  it('lets a member answer on a phone, in Chinese, without JavaScript and accessibly', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    await page.goto(`${base}/feedback/${zhToken}`);
    // The page carries no script at all: the form is plain HTML.
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await check(page, 'form-zh');
    // Nothing wider than the phone.
    expect((await page.evaluate('document.documentElement.scrollWidth')) as number).toBeLessThanOrEqual(PHONE.width);

    // Sent without a rating: the page says what to fix, in Chinese, with the text kept.
    await page.getByLabel('哪些地方让你满意？（选填）').fill('工程师很耐心');
    await page.getByRole('button', { name: '提交反馈' }).click();
    await page.getByText('请选择 1 到 5 的评分。').waitFor();
    expect(await page.getByLabel('哪些地方让你满意？（选填）').inputValue()).toBe('工程师很耐心');
    await check(page, 'form-zh-refused');

    await page.getByRole('group', { name: '总体来说，这次同城会怎么样？' }).getByLabel('4').check();
    await page.getByRole('group', { name: '你有多大可能向朋友推荐我们的同城会？' }).getByLabel('9').check();
    const first = page.getByRole('group', { name: '建议 1' });
    await first.getByLabel('产品领域').selectOption({ label: '相机' });
    await first.getByLabel('你的想法').fill('希望夜景模式支持视频');
    await page.getByRole('button', { name: '提交反馈' }).click();
    await page.getByText('谢谢，你的反馈已保存。').waitFor();
    expect(await page.getByRole('button', { name: '保存修改' }).count()).toBe(1);
    await check(page, 'form-zh-saved');
    await page.close();
  });

  it('shows staff the reports with pictures and tables, accessibly, in Chinese', async () => {
    const page = await browser.newPage();
    await signIn(page, base, 'staff-zh@meetloop.test');
    await page.goto(`${base}/reports`);
    await page.getByRole('heading', { name: '各城市到场率（已接受 → 已签到）' }).waitFor();
    expect(await page.getByRole('img').count()).toBeGreaterThanOrEqual(4);
    await check(page, 'reports-zh');
    await page.close();
  });
});
