// The renderer's caches follow the core's `sessions.changed` event, not a reload. In Debian's
// Chromium against the real browser host (`startHttpHost` over a seeded store): a session looked at
// once, then rejected in the review queue, reads "rejected" with the reviewer's reason when opened
// again in the same page; and a second window that has the session open sees the rejection arrive
// without any click of its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { chromiumMissingReason, launchChromium, screenshot } from '../helpers/browser.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const REASON = 'The second frame shows a customer record; cut it and submit again.';
const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the review refresh test: ${missing}.`);

describe.skipIf(missing !== null)('after a rejection in the review queue, without a reload', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-review-refresh-'));
  let host: HttpHost;
  let browser: Browser;

  beforeAll(async () => {
    const now = Date.now();
    await seedReviewSession(dataDir, { id: '0c0c0c0c-0000-4000-8000-000000000001', state: 'submitted', startedAt: now - 300_000 });
    await seedReviewSession(dataDir, { id: '0d0d0d0d-0000-4000-8000-000000000002', state: 'submitted', startedAt: now - 200_000 });
    host = await startHttpHost({ dataDir });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const nav = (page: Page, label: string) => page.getByRole('navigation', { name: 'Cairn' }).getByRole('button', { name: label }).click();
  const sessionTitle = (page: Page) => page.getByRole('heading', { level: 1 });
  /** Opens a session from the Sessions screen, which lists the newest first. */
  const openSession = async (page: Page, which: 'newest' | 'oldest') => {
    await nav(page, 'Sessions');
    const buttons = page.getByRole('button', { name: /^Open the session of/ });
    await (which === 'newest' ? buttons.first() : buttons.last()).click();
  };
  const rejectOldestInQueue = async (page: Page) => {
    await nav(page, 'Review queue');
    await page.getByRole('button', { name: /^Review the session of/ }).first().click();
    await page.getByRole('button', { name: 'Reject…' }).click();
    await page.getByLabel('Why is it rejected? The contributor reads this.').fill(REASON);
    await page.getByRole('button', { name: 'Reject with this reason' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The session was rejected.' }).isVisible(), { timeout: 10_000 }).toBe(true);
  };

  it('the session opened before shows rejected and the reason when opened again', async () => {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(host.url);
    // Looked at once while submitted: the Sessions screen now holds it in its cache.
    await openSession(page, 'oldest');
    await expect.poll(() => sessionTitle(page).textContent(), { timeout: 10_000 }).toContain('submitted');
    await page.getByRole('button', { name: '← All sessions' }).click();

    await rejectOldestInQueue(page);

    await openSession(page, 'oldest');
    await expect.poll(() => sessionTitle(page).textContent(), { timeout: 10_000 }).toContain('rejected');
    await expect.poll(() => page.getByRole('status').filter({ hasText: REASON }).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'review-refresh-1-rejected-session');
    // The review viewer of the same session, opened from here, says so too.
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: REASON }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Submit for review' }).isEnabled()).toBe(true);
    await page.close();
  }, 60_000);

  it("a contributor's window with the session open shows the rejection when it happens", async () => {
    const contributor = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    const reviewer = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    await contributor.goto(host.url);
    // The oldest was rejected above: the newest is the one still waiting in the queue.
    await openSession(contributor, 'newest');
    await expect.poll(() => sessionTitle(contributor).textContent(), { timeout: 10_000 }).toContain('submitted');

    await reviewer.goto(host.url);
    await rejectOldestInQueue(reviewer);

    await expect.poll(() => sessionTitle(contributor).textContent(), { timeout: 10_000 }).toContain('rejected');
    await expect.poll(() => contributor.getByRole('status').filter({ hasText: REASON }).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(contributor, 'review-refresh-2-live-rejection');
    await contributor.close();
    await reviewer.close();
  }, 60_000);
});
