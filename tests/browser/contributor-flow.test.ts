// A new contributor's whole path through the real app: `cairn serve` (real core, real store, real
// recorder under Xvfb) driven in Debian's Chromium. Every step is checked in the UI and in the store,
// and every screen is saved to test-output/screens/flow-*.png.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, screenshot } from '../helpers/browser.ts';
import { type CairnServe, startCairnServe } from '../helpers/cairn-serve.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason();
if (missing) console.warn(`Skipping the contributor flow test: ${missing}.`);

describe.skipIf(missing !== null)('a new contributor in the browser host', () => {
  let x: XvfbDisplay;
  let term: Xterm;
  let host: CairnServe;
  let browser: Browser;
  let page: Page;
  let url: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-flow-'));

  const db = () => new Database(join(dataDir, 'cairn.db'), { readonly: true });
  const query = <T>(sql: string): T => {
    const d = db();
    try {
      return d.prepare(sql).get() as T;
    } finally {
      d.close();
    }
  };
  const nav = (label: string) => page.getByRole('navigation', { name: 'Cairn' }).getByRole('button', { name: label, exact: false }).first().click();

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    term = await openXterm(x.env, { cls: 'FlowTerm', bg: '#204060', geometry: '80x20+0+0', title: 'FLOWTITLE-2b7c' });
    host = await startCairnServe({ ...x.env, CAIRN_DATA_DIR: dataDir });
    url = host.url;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    term?.kill();
    await x?.stop();
  });

  it('accepts consent, allows an app, records, reviews, forgets and withdraws', async () => {
    // 1. Consent: nothing pre-ticked; accepting is explicit.
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { name: 'Consent', level: 1 }).isVisible()).toBe(true);
    const agree = page.getByLabel('I have read this and agree');
    expect(await agree.isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'Accept' }).isDisabled()).toBe(true);
    await screenshot(page, 'flow-1-consent');
    await agree.check();
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => query<{ n: number }>('SELECT count(*) AS n FROM consent_acceptances WHERE withdrawn_at IS NULL').n).toBe(1);

    // 2. Apps: the running xterm is listed, denied; allow it with screens on.
    await nav('Apps');
    await expect.poll(() => page.getByRole('button', { name: 'Allow FlowTerm' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'flow-2-apps');
    await page.getByRole('button', { name: 'Allow FlowTerm' }).click();
    await expect.poll(() => query<{ allowed: number } | undefined>("SELECT allowed FROM app_policies WHERE app = 'flowterm'")?.allowed).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Deny FlowTerm' }).isVisible()).toBe(true);

    // 3. Record while xdotool types and clicks in the allowed app.
    await nav('Record');
    await page.locator('.actions').getByRole('button', { name: 'Record', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Stop' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => query<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE state = 'recording'").n).toBe(1);
    await xdotool(x.env, 'windowactivate', '--sync', term.windowId);
    await xdotool(x.env, 'type', '--delay', '20', 'flowmarker42');
    await xdotool(x.env, 'mousemove', '--window', term.windowId, '120', '80');
    await xdotool(x.env, 'click', '1');
    await sleep(2500);
    await expect.poll(async () => Number((await page.getByLabel('Elapsed time').textContent())?.replace(/\D/g, '') ?? 0)).toBeGreaterThan(0);
    await screenshot(page, 'flow-3-recording');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => query<{ n: number }>("SELECT count(*) AS n FROM sessions WHERE state = 'recorded'").n, { timeout: 10_000 }).toBe(1);
    expect(query<{ n: number }>('SELECT count(*) AS n FROM frames').n).toBeGreaterThan(0);

    // 4. The session shows its frames and what was typed.
    await nav('Sessions');
    await page.getByRole('button', { name: /^Open the session of/ }).first().click();
    await expect.poll(() => page.locator('pre.typed-text').first().textContent(), { timeout: 10_000 }).toContain('flowmarker42');
    const frame = page.locator('img[alt^="Frame 1"]');
    await expect.poll(() => frame.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0), { timeout: 10_000 }).toBe(true);
    await screenshot(page, 'flow-4-session');

    // 5. Forget the last minute: the recording's content is erased from the store.
    await nav('My data');
    // This store was never encrypted, and the screen says so rather than staying silent.
    await expect.poll(() => page.getByTestId('encryption').textContent()).toMatch(/^Not encrypted at rest: .* run cairn encryption enable\.$/);
    await page.getByLabel('Minutes to forget').fill('1');
    await page.getByRole('button', { name: 'Forget', exact: true }).click();
    await screenshot(page, 'flow-5-forget-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Forget' }).click();
    await expect.poll(() => query<{ n: number }>('SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM frames) AS n').n).toBe(0);
    await screenshot(page, 'flow-5-my-data');

    // 6. Withdraw consent: one screen, one confirmation; nothing of the session is left on disk.
    await page.getByRole('button', { name: 'Withdraw consent' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Withdraw and erase' }).click();
    await expect.poll(() => query<{ n: number }>('SELECT count(*) AS n FROM consent_acceptances WHERE withdrawn_at IS NULL').n).toBe(0);
    await nav('Consent');
    await expect.poll(() => page.getByLabel('I have read this and agree').isVisible()).toBe(true);
    await screenshot(page, 'flow-6-withdrawn');
    expect(filesContaining(dataDir, 'FLOWTITLE-2b7c')).toEqual([]);
    expect(query<{ n: number }>("SELECT count(*) AS n FROM tombstones WHERE reason IN ('withdrawn', 'forgotten')").n).toBe(1);
  }, 120_000);
});
