// Real Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (Playwright's
// own browser download does not work on these machines). Screenshots go to test-output/screens/.
//
//   const reason = chromiumMissingReason(); // skip with it when not null
//   const browser = await launchChromium();
//   await screenshot(page, 'onboarding');
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENS_DIR = join('test-output', 'screens');

/** Why browser tests cannot run here, or null when they can. */
export function chromiumMissingReason(): string | null {
  return existsSync(CHROMIUM) ? null : `${CHROMIUM} is missing (Debian: apt-get install -y chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A new page of `browser` at `url` (10 s default timeout) and the errors it reports as they come:
 *  uncaught exceptions and console errors other than a failed resource load. */
export async function openWatchedPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const errors: string[] = [];
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  await page.goto(url);
  return { page, errors };
}

/**
 * Saves what the window shows as test-output/screens/NAME.png (the viewport, as a person sees it;
 * `fullPage` for the whole scrolled page) and answers its path.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/** A new tab on the team service's UI at `url`, signed in with `token` through its sign-in form. */
export async function signInToTeamService(browser: Browser, url: string, token: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await page.goto(url);
  await page.getByLabel('Your token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return page;
}

/** The page's JS heap in use, through the Chrome DevTools Protocol. */
export async function jsHeapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}
