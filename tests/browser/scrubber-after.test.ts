// The observation after each step, as a person sees it in Debian's Chromium against the real `cairn
// serve`: the session view's scrubber shows each step drawn on the frame before it and, at the
// After toggle, the frame observed once it settled (the page as the step left it, read back from
// the decoded image's pixels), keeping that view while stepping; the Export screen's preview shows
// each step's after image beside the one before wherever the format carries it. Screens are saved
// to test-output/screens/scrubber-*.png and preview-after-*.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, screenshot } from '../helpers/browser.ts';
import { openServedPage, type ServedPage } from '../helpers/cairn-serve.ts';
import { BAR, OBSERVED_FRAME, type SeededObservation, seedObservedSession, STATE_COLOURS } from '../helpers/seed-observed.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the scrubber's after view test: ${missing}.`);

const ID = '5c0b0000-aaaa-4bbb-8ccc-000000000001';

/** How many steps were done in the page the image shows, from its decoded pixels (the bar's colour). */
function stateShown(image: Locator): Promise<number> {
  return image.evaluate(
    (img, { bar, colours }) => {
      const el = img as unknown as { naturalWidth: number; naturalHeight: number; complete: boolean };
      if (!el.complete || el.naturalWidth === 0) return -2;
      const doc = (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document;
      const canvas = doc.createElement('canvas') as { width: number; height: number; getContext(k: string): { drawImage(i: unknown, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
      canvas.width = el.naturalWidth;
      canvas.height = el.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const [r, g, b] = ctx.getImageData(bar.x + bar.width / 2, bar.y + bar.height / 2, 1, 1).data;
      return colours.findIndex(([cr, cg, cb]) => cr === r && cg === g && cb === b);
    },
    { bar: BAR, colours: STATE_COLOURS },
  );
}

describe.skipIf(missing !== null)('the observation after each step, in the browser host', () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-scrubber-after-'));
  const dataDir = join(root, 'data');
  let seeded: SeededObservation;
  let ui: ServedPage | undefined;
  let page: Page;
  let errors: string[] = [];
  const nav = (label: RegExp) => page.getByRole('navigation').getByRole('button', { name: label }).first().click();

  beforeAll(async () => {
    seeded = await seedObservedSession(dataDir, { id: ID, state: 'approved', startedAt: Date.now() - 3_600_000 });
    ui = await openServedPage(dataDir, { width: 1280, height: 900 });
    ({ page, errors } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows each step on its frame before, and at the After toggle the frame once it settled, keeping that view while stepping', async () => {
    await nav(/^Sessions/);
    await page.locator('.session-spacer [role=row]', { has: page.locator('.pill.state-approved') }).getByRole('button').click();
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    const stage = page.getByTestId('scrub-stage');
    const image = stage.locator('img');
    const caption = page.getByTestId('scrub-caption');
    const before = page.locator('.scrub-views').getByRole('button', { name: 'Before' });
    const after = page.locator('.scrub-views').getByRole('button', { name: 'After' });
    await page.locator('.scrubber').evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));

    // Step 1, the click, on the page as it was: the bar in its first colour, the click ringed.
    await expect.poll(() => stateShown(image)).toBe(0);
    expect(await image.getAttribute('data-frame-seq')).toBe(String(seeded.steps[0]!.before));
    expect(await before.getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('step-overlay').locator('.step-click circle.step-ring').count()).toBe(1);
    await screenshot(page, 'scrubber-before');

    // After: the frame the step left behind, the click's mark still there, faint.
    await after.click();
    expect(await after.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => image.getAttribute('data-frame-seq')).toBe(String(seeded.steps[0]!.after));
    expect(await image.getAttribute('data-view')).toBe('after');
    await expect.poll(() => stateShown(image)).toBe(1);
    expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(OBSERVED_FRAME.width);
    expect(await stage.locator('.scrub-after .step-ring').count()).toBe(1);
    expect(await caption.textContent()).toMatch(/^Step 1 of 4 · Click at \(60, 40\).* · frame 2 of 8, seen 0\.3 s after it$/);
    expect(await stage.getAttribute('aria-label')).toMatch(/on the frame seen once it settled/);
    await screenshot(page, 'scrubber-after');

    // Stepping keeps the view: each step's own after frame, the page one step further each time.
    await stage.focus();
    for (let i = 1; i < seeded.steps.length; i++) {
      await stage.press('ArrowRight');
      await expect.poll(() => image.getAttribute('data-frame-seq')).toBe(String(seeded.steps[i]!.after));
      await expect.poll(() => stateShown(image)).toBe(i + 1);
    }
    await screenshot(page, 'scrubber-after-last');
    await before.click();
    await expect.poll(() => stateShown(image)).toBe(seeded.steps.length - 1);
    expect(errors).toEqual([]);
  });

  it('previews each step\'s after image beside the one before in every format that carries it', async () => {
    await nav(/^Export/);
    const steps = page.getByTestId('preview-step');
    for (const label of ['Cairn', 'pyautogui', 'OSWorld computer_13', 'Computer use', 'Hugging Face']) {
      await page.locator('.format-option', { hasText: label }).locator('input').check();
      await expect.poll(() => page.getByTestId('preview-summary').textContent(), { timeout: 15_000 }).toContain(`as ${label} writes them`);
      await expect.poll(() => steps.count()).toBe(4);
      for (let i = 0; i < 4; i++) {
        const afterImage = steps.nth(i).locator('.preview-image[data-when=after]');
        await expect.poll(() => afterImage.locator('figcaption').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^After: .*${ID}/${seeded.steps[i]!.after}\\.webp$`));
        await expect.poll(() => stateShown(afterImage.locator('img'))).toBe(i + 1);
        await expect.poll(() => stateShown(steps.nth(i).locator('.preview-image[data-when=before] img'))).toBe(i);
      }
      await screenshot(page, `preview-after-${label.split(' ')[0]!.toLowerCase()}`, { fullPage: true });
    }
    expect(errors).toEqual([]);
  }, 90_000);
});
