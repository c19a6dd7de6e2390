import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { createAccount } from '../support/accounts';
import { ARTIFACTS, launchBrowser, listen, PHONE, seriousViolations, signIn } from '../support/browser';
import { answer } from '../support/check-in';
import { cityWithMembers, invite, scheduledMeetup } from '../support/meetups';
import { createTestApp, TestApp } from '../support/test-app';

const WIDE = { width: 1280, height: 900 };

/**
 * The overview pages in Chromium: the dashboard, the schedule, the map and the planner at 1280 px
 * (no horizontal scroll bar, even with a 200-character unbroken city name) and the fans' RSVP page
 * at 390 px, each with no serious axe finding.
 */
describe('overview pages in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let email: string;
  let rsvpToken: string;
  const longName = 'Y'.repeat(200);

  beforeAll(async () => {
    t = await createTestApp({ RSVP_RATE_LIMIT_PER_MINUTE: '100000' });
    base = await listen(t);
    const { cityId, memberIds } = await cityWithMembers(t, 6, 'ovw');
    // Beijing is on the map; the long-named city is not, and still wraps in every table.
    await t.db.query(`UPDATE cities SET name = 'Beijing', population = 21540000 WHERE id = $1`, [cityId]);
    const other = await cityWithMembers(t, 3, 'long');
    await t.db.query(`UPDATE cities SET name = $2 WHERE id = $1`, [other.cityId, longName]);
    const meetupId = await scheduledMeetup(t, cityId, { capacityMax: 4, daysAhead: 9 });
    const tokens = await invite(t, meetupId, memberIds.slice(0, 4));
    await answer(t, tokens.get(memberIds[0])!, 'accept');
    await answer(t, tokens.get(memberIds[1])!, 'decline');
    rsvpToken = tokens.get(memberIds[2])!;
    email = (await createAccount(t, 'staff')).email;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedInPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: WIDE });
    await signIn(page, base, email);
    return page;
  }

  /** How far the page is wider than the window, in CSS pixels (0: no horizontal scroll bar). */
  const overflow = (page: Page): Promise<number> =>
    page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  it('shows the dashboard, schedule, map and planner at 1280 px without overflow or serious axe findings', async () => {
    const page = await signedInPage();
    const found: Record<string, { overflow: number; axe: string[] }> = {};
    for (const [name, path] of [
      ['dashboard', '/'],
      ['schedule', '/schedule'],
      ['map', '/cities/map'],
      ['planner', '/planner?startDate=2027-03-01&cycles=3&perCycle=2'],
    ]) {
      await page.goto(`${base}${path}`);
      found[name] = { overflow: await overflow(page), axe: await seriousViolations(page) };
      if (found[name].overflow > 0) {
        // Name what sticks out, so a failure says where to look.
        const wide: string[] = await page.evaluate(
          `[...document.querySelectorAll('body *')]
             .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
             .slice(0, 5).map((e) => e.tagName.toLowerCase() + '.' + e.className)`,
        );
        (found[name] as Record<string, unknown>).wide = wide;
      }
      await page.screenshot({ path: join(ARTIFACTS, `overview-${name}.png`), fullPage: true });
    }
    expect(found).toEqual({
      dashboard: { overflow: 0, axe: [] },
      schedule: { overflow: 0, axe: [] },
      map: { overflow: 0, axe: [] },
      planner: { overflow: 0, axe: [] },
    });
    // The planner really shows the long name (in its select) and the map draws Beijing.
    await page.goto(`${base}/planner?startDate=2027-03-01&cycles=3&perCycle=2`);
    expect(await page.locator(`option:has-text("${longName.slice(0, 50)}")`).count()).toBeGreaterThan(0);
    await page.goto(`${base}/cities/map`);
    expect(await page.locator('svg.china-map circle').count()).toBe(1);
    await page.goto(`${base}/`);
    expect(await page.locator('.next-meetups svg').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('shows the RSVP page at 390 px without overflow or serious axe findings, and centres it on a wide screen', async () => {
    const phone = await browser.newPage({ viewport: PHONE });
    await phone.goto(`${base}/rsvp/${rsvpToken}`);
    expect({ overflow: await overflow(phone), axe: await seriousViolations(phone) }).toEqual({ overflow: 0, axe: [] });
    await phone.screenshot({ path: join(ARTIFACTS, 'overview-rsvp-390.png'), fullPage: true });
    await phone.close();

    const wide = await browser.newPage({ viewport: WIDE });
    await wide.goto(`${base}/rsvp/${rsvpToken}`);
    const box = (await wide.locator('article.rsvp').boundingBox())!;
    const right = WIDE.width - (box.x + box.width);
    expect(Math.abs(box.x - right)).toBeLessThan(20);
    await wide.close();
  });
});
