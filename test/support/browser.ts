import { Browser, chromium, Page } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { PASSWORD } from './accounts';
import type { TestApp } from './test-app';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '..', 'artifacts');
/** A common phone's window, for the pages fans open from their mail. */
export const PHONE = { width: 390, height: 844 };

/** Starts the app on a free local port; returns its base URL for the browser. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/** Fills and sends the staff sign-in form; does not wait, so a refused sign-in can be checked too. */
export async function submitSignIn(page: Page, base: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs staff in and waits for the home page they land on. */
export async function signIn(page: Page, base: string, email: string, password = PASSWORD): Promise<void> {
  await submitSignIn(page, base, email, password);
  await page.waitForURL(`${base}/`);
}

/** Collects the page's Content Security Policy errors from now on (an inline script or style the CSP blocks). */
export function cspErrorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && errors.push(m.text()));
  return errors;
}

/** One heading, no serious axe finding, and a screenshot in test/artifacts named `<prefix>-<name>.png`. */
export async function checkPage(page: Page, prefix: string, name: string): Promise<void> {
  expect(await page.locator('h1').count()).toBe(1);
  expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
  await page.screenshot({ path: join(ARTIFACTS, `${prefix}-${name}.png`), fullPage: true });
}

/** Debian's Chromium, headless, with no call home (the machine has no network). */
export async function launchBrowser(): Promise<Browser> {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`,
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings, as "rule: targets" (evaluated over CDP: the CSP forbids injected scripts). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations: { id: string; impact: string; nodes: { target: string[] }[] }[] = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (o: object) => Promise<{ violations: [] }> } }).axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
