import type { Browser, Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { BoardStatusService } from '../../src/boards/items/board-status.service';
import { signInTokenHash } from '../../src/boards/sign-in/sign-in-token';
import { DESK } from '../support/check-in';
import { createAccount } from '../support/accounts';
import { staffItem } from '../support/boards';
import { checkPage, cspErrorsOf, launchBrowser, listen, PHONE } from '../support/browser';
import { cityWithMembers } from '../support/meetups';
import { productAreas } from '../support/questions';
import { createTestApp, TestApp } from '../support/test-app';

describe('the product boards in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let memberId: string;
  let itemId: string;

  beforeAll(async () => {
    t = await createTestApp({ BOARD_MIN_FILL_SECONDS: '0' });
    base = await listen(t);
    const areas = await productAreas(t);
    [memberId] = (await cityWithMembers(t, 1, 'boardui')).memberIds;
    const staff = await createAccount(t, 'staff');
    const item = await staffItem(t, areas.camera, 'Night mode for the front camera', staff.id);
    itemId = item.id;
    await staffItem(t, areas.camera, '人像模式背景虚化可调', staff.id);
    await t.app
      .get(BoardStatusService)
      .setStatus(
        item.id,
        { status: 'planned', note: 'Planned for the 7.2 camera update.' },
        { ...DESK, role: 'staff' },
      );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const check = (page: Page, name: string) => checkPage(page, 'boards', name);

  it('reads the boards without signing in, in English and Chinese, accessibly', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const cspErrors = cspErrorsOf(page);
    await page.goto(`${base}/boards`);
    await check(page, 'index');
    await page.getByRole('link', { name: 'Camera', exact: true }).click();
    await check(page, 'board');
    await page.getByRole('link', { name: 'Night mode for the front camera' }).click();
    expect(await page.locator('.status-pill').first().textContent()).toBe('Planned');
    expect(await page.textContent('main')).toContain('Planned for the 7.2 camera update.');
    await check(page, 'item');
    await page.getByRole('link', { name: '中文' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.status-pill').first().textContent()).toBe('已计划');
    await check(page, 'item-zh');
    await page.goto(`${base}/boards/camera/roadmap`);
    await check(page, 'roadmap-zh');
    expect(cspErrors).toEqual([]);
  });

  it('signs a member in from the link, offers similar items while they type, and votes', async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const token = randomBytes(32).toString('base64url');
    await t.db.query(
      `INSERT INTO member_sign_in_links (member_id, token_hash, expires_at) VALUES ($1, $2, now() + interval '5 minutes')`,
      [memberId, signInTokenHash(token)],
    );
    await page.goto(`${base}/member/sign-in/${token}?lang=en`);
    await check(page, 'sign-in-link');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/boards`);

    await page.goto(`${base}/boards/camera/new`);
    await page.getByLabel('Title').fill('front camera night');
    const offered = page.locator('#similar-live a');
    await offered.first().waitFor({ timeout: 15_000 });
    expect(await offered.first().textContent()).toContain('Night mode for the front camera');
    await check(page, 'new-item');

    await page.goto(`${base}/board-items/${itemId}`);
    await page.getByRole('button', { name: 'Vote' }).click();
    await page.getByText('You voted for this.').waitFor();
    await check(page, 'item-voted');
  });
});
