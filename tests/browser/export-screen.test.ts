// The Export screen in Chromium against the real browser host and store: approved sessions can be
// chosen, others are disabled with the reason; Run writes the export, says where it went, and the
// past exports list (and the store's export record) show it; a refused destination is explained.
// The screen is saved to test-output/screens/export.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { chromiumMissingReason, launchChromium, openWatchedPage, screenshot } from '../helpers/browser.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the export screen test: ${missing}.`);

const APPROVED = 'abab0001-0000-4000-8000-000000000001';
const SUBMITTED = 'abab0002-0000-4000-8000-000000000002';
const RECORDED = 'abab0003-0000-4000-8000-000000000003';

describe.skipIf(missing !== null)('the Export screen', () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-export-ui-'));
  const dataDir = join(root, 'data');
  const savedDisplay = process.env.DISPLAY;
  let host: HttpHost;
  let browser: Browser;
  let page: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    delete process.env.DISPLAY;
    const now = Date.now();
    await seedReviewSession(dataDir, { id: APPROVED, state: 'approved', otherEvents: 400, frames: 4, findings: 'waived', startedAt: now - 3 * 3_600_000 });
    await seedReviewSession(dataDir, { id: SUBMITTED, state: 'submitted', findings: 'waived', startedAt: now - 2 * 3_600_000 });
    seedRecordedSession(dataDir, { id: RECORDED, startedAt: now - 3_600_000 });
    host = await startHttpHost({ dataDir });
    browser = await launchChromium();
    ({ page, errors } = await openWatchedPage(browser, host.url, { width: 1280, height: 1100 }));
    await page.getByRole('navigation').getByRole('button', { name: /^Export/ }).click();
    await page.getByRole('heading', { name: 'Export', level: 1 }).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (savedDisplay !== undefined) process.env.DISPLAY = savedDisplay;
    rmSync(root, { recursive: true, force: true });
  });

  it('offers approved sessions only; the others are disabled and say why', async () => {
    const boxes = page.locator('.export-table input[type=checkbox]');
    await expect.poll(() => boxes.count()).toBe(3);
    const row = (state: string) => page.locator('.export-table tr', { has: page.locator(`.pill.state-${state}`) });
    expect(await row('approved').locator('input').isEnabled()).toBe(true);
    expect(await row('submitted').locator('input').isDisabled()).toBe(true);
    expect(await row('recorded').locator('input').isDisabled()).toBe(true);
    expect(await row('submitted').textContent()).toContain('Waiting for a reviewer’s approval.');
    expect(await row('recorded').textContent()).toContain('Not submitted for review yet.');
    expect(await page.getByRole('main').getByRole('button', { name: 'Export', exact: true }).isDisabled()).toBe(true);
  });

  it('explains a refused destination in one sentence and writes nothing', async () => {
    const full = join(root, 'not-empty');
    mkdirSync(full);
    writeFileSync(join(full, 'mine.txt'), 'keep');
    await page.locator('.export-table tr', { has: page.locator('.pill.state-approved') }).locator('input').check();
    await page.getByLabel('Output folder').fill(full);
    await page.getByRole('button', { name: 'Export 1 session' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/is not empty; choose a new or empty folder/);
    expect(readFileSync(join(full, 'mine.txt'), 'utf8')).toBe('keep');
  });

  it('runs an export: it says where it went, and the past exports and the store record it', async () => {
    const out = join(root, 'trajectories', 'batch-1');
    await page.getByLabel(/OSWorld computer_13/).check();
    await page.getByLabel('Output folder').fill(out);
    await page.getByRole('button', { name: 'Export 1 session' }).click();
    await expect.poll(() => page.locator('.notice.ok').textContent(), { timeout: 20_000 }).toContain(out);
    expect(await page.locator('.notice.ok').textContent()).toMatch(/Exported \d+ steps in \d+ files/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
    await expect.poll(() => page.locator('.past-exports tbody tr').count()).toBe(1);
    expect(await page.locator('.past-exports').textContent()).toContain('computer13');
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT session_id, format, destination FROM exports').all()).toEqual([{ session_id: APPROVED, format: 'computer13', destination: out }]);
    } finally {
      db.close();
    }
    await screenshot(page, 'export', { fullPage: true });
    expect(errors).toEqual([]);
  });
});
