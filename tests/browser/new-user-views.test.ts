// What a new user missed when trying Cairn on real data (issue 13, item 7), checked in Debian's
// Chromium against the real `cairn serve` on a seeded data folder: the task in the sessions list
// and the review queue; in the Export screen a preview of the first steps of every format with the
// images their records point at; in the session view a scrubber that plays the steps with each
// action drawn on its frame (a redacted secret never shown); drop reasons in words. Every view is
// saved to test-output/screens/new-user-*.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactKeySpan } from '../../src/review/redaction/redact-key-span.ts';
import { REDACTED_CHAR } from '../../src/shared/redaction-mark.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { chromiumMissingReason, screenshot } from '../helpers/browser.ts';
import { openServedPage, type ServedPage } from '../helpers/cairn-serve.ts';
import { SECRET, seedReviewSession } from '../helpers/seed-review.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the new-user views test: ${missing}.`);

const APPROVED = 'b0b00001-0000-4000-8000-000000000001';
const SUBMITTED = 'b0b00002-0000-4000-8000-000000000002';
const NO_TASK = 'b0b00003-0000-4000-8000-000000000003';
const APPROVED_TASK = 'Note a greeting in the terminal, then drag and scroll';
const SUBMITTED_TASK = 'Rename the report to Q3 draft';
const FORMATS = [
  { value: 'cairn', label: 'Cairn', file: 'episodes.jsonl' },
  { value: 'pyautogui', label: 'pyautogui', file: 'trajectories.jsonl' },
  { value: 'computer13', label: 'OSWorld computer_13', file: 'computer13.jsonl' },
  { value: 'computer-use', label: 'Computer use', file: 'computer-use/anthropic.jsonl' },
  { value: 'hf', label: 'Hugging Face', file: 'data/train-00000-of-00001.parquet' },
];

/** An image's natural width once the browser decoded it; 0 while loading or when it cannot decode. */
const naturalWidth = (img: unknown) => {
  const image = img as { complete: boolean; naturalWidth: number };
  return image.complete ? image.naturalWidth : 0;
};

describe.skipIf(missing !== null)('what a new user looks for, in the browser host', () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-new-user-'));
  const dataDir = join(root, 'data');
  let ui: ServedPage | undefined;
  let page: Page;
  let errors: string[] = [];
  const nav = (label: RegExp) => page.getByRole('navigation').getByRole('button', { name: label }).first().click();

  beforeAll(async () => {
    const now = Date.now();
    const seeded = await seedReviewSession(dataDir, { id: APPROVED, state: 'recorded', frames: 4, gestures: true, task: APPROVED_TASK, startedAt: now - 3 * 3_600_000 });
    await seedReviewSession(dataDir, { id: SUBMITTED, state: 'submitted', task: SUBMITTED_TASK, startedAt: now - 2 * 3_600_000 });
    await seedReviewSession(dataDir, { id: NO_TASK, state: 'recorded', startedAt: now - 3_600_000 });
    const store = openStore(dataDir);
    try {
      // The reviewer erased the secret's key strokes before approving: the scrubber must not show them.
      redactKeySpan(store, APPROVED, seeded.secretSeqs.fromSeq, seeded.secretSeqs.toSeq, { reason: 'an access key' });
      applyAction(store, APPROVED, 'submit', { actor: 'contributor', at: now - 2.5 * 3_600_000 });
      applyAction(store, APPROVED, 'approve', { actor: 'reviewer', at: now - 2.4 * 3_600_000 });
    } finally {
      store.close();
    }
    ui = await openServedPage(dataDir, { width: 1280, height: 900 });
    ({ page, errors } = ui);
  }, 60_000);

  afterAll(async () => {
    await ui?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows each session\'s task in the sessions list and in the review queue', async () => {
    await nav(/^Sessions/);
    const rows = page.locator('.session-spacer [role=row]');
    await expect.poll(() => rows.count()).toBe(3);
    const taskOf = (state: string) => rows.filter({ has: page.locator(`.pill.state-${state}`) }).locator('.task-cell').textContent();
    expect(await taskOf('approved')).toBe(APPROVED_TASK);
    expect(await taskOf('submitted')).toBe(SUBMITTED_TASK);
    expect(await taskOf('recorded')).toBe('no task');
    await screenshot(page, 'new-user-sessions');

    await nav(/^Review queue/);
    const queue = page.locator('.queue-table tbody tr');
    await expect.poll(() => queue.count()).toBe(1);
    expect(await queue.locator('.task-cell').textContent()).toBe(SUBMITTED_TASK);
    await screenshot(page, 'new-user-queue');
  });

  it('previews the first steps of every format with the image each record points at', async () => {
    await nav(/^Export/);
    const steps = page.getByTestId('preview-step');
    for (const f of FORMATS) {
      await page.locator('.format-option', { hasText: f.label }).locator('input').check();
      await expect.poll(() => page.getByTestId('preview-summary').textContent(), { timeout: 15_000 }).toContain(`as ${f.label} writes them into ${f.file}`);
      await expect.poll(() => steps.count()).toBe(5);
      for (let i = 0; i < 5; i++) {
        const step = steps.nth(i);
        expect(await step.locator('h3').textContent()).toMatch(new RegExp(`^Step ${i + 1}`));
        // A real image, decoded by the browser: the frame the record points at (before the step).
        const before = step.locator('.preview-image[data-when=before]');
        await expect.poll(() => before.locator('img').evaluate(naturalWidth)).toBe(320);
        const path = (await before.locator('figcaption code').textContent())!;
        expect(path).toMatch(new RegExp(`${APPROVED}/\\d+\\.webp$`));
        const record = await step.locator('.preview-record').first().textContent();
        expect(record).not.toContain(SECRET.slice(0, 8));
        if (f.value !== 'hf') expect(record).toContain(path);
      }
      expect(await page.locator('.export-preview').textContent()).toContain(APPROVED_TASK);
      await screenshot(page, `new-user-preview-${f.value}`, { fullPage: true });
    }
    expect(errors).toEqual([]);
  });

  it('plays the steps of a session on their frames, each action drawn, a redacted secret never shown', async () => {
    await nav(/^Sessions/);
    await page.locator('.session-spacer [role=row]', { has: page.locator('.pill.state-approved') }).getByRole('button').click();
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    const stage = page.getByTestId('scrub-stage');
    const overlay = page.getByTestId('step-overlay');
    const caption = page.getByTestId('scrub-caption');
    await expect.poll(() => stage.locator('img').evaluate(naturalWidth)).toBe(320);

    // Step 1: the click at (150, 90) of the window, ringed on its frame.
    await expect.poll(() => caption.textContent()).toMatch(/^Step 1 of \d+ · Click at \(150, 90\) · XTerm/);
    const ring = overlay.locator('.step-click circle.step-ring');
    expect([await ring.getAttribute('cx'), await ring.getAttribute('cy')]).toEqual(['150', '90']);
    await page.locator('.scrubber').evaluate((el) => (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'center' }));
    await screenshot(page, 'new-user-scrubber-click');

    const stepTo = async (kind: string) => {
      await stage.focus();
      for (let i = 0; i < 20 && (await overlay.locator(`[data-step-kind=${kind}]`).count()) === 0; i++) await stage.press('ArrowRight');
      await overlay.locator(`[data-step-kind=${kind}]`).waitFor();
    };
    // The typed text, labelled on the frame: kept text, and the secret only as a count.
    await stepTo('type');
    const label = await overlay.locator('.step-label').textContent();
    expect(label).toContain('“hello ”');
    expect(label).toContain(`[${SECRET.length} keys redacted]`);
    expect(await overlay.locator('.step-redacted').count()).toBe(1);
    for (const text of [label!, (await caption.textContent())!, (await page.locator('.scrubber').textContent())!]) {
      expect(text).not.toContain(SECRET.slice(0, 8));
      expect(text).not.toContain(REDACTED_CHAR);
    }
    await screenshot(page, 'new-user-scrubber-type');

    // The drag: its path, with the frame it was seen on changing from the first.
    await stepTo('drag');
    expect(await overlay.locator('polyline.step-path').getAttribute('points')).toBe('60,150 120,160 180,170 200,170');
    expect(await stage.locator('img').getAttribute('data-frame-seq')).toBe('3');
    await screenshot(page, 'new-user-scrubber-drag');

    await stepTo('scroll');
    expect(await overlay.locator('line.step-path').count()).toBe(1);
    expect(await overlay.locator('.step-label').textContent()).toBe('Scroll down ×3');
    expect(await stage.locator('img').getAttribute('data-frame-seq')).toBe('4');
    await screenshot(page, 'new-user-scrubber-scroll');

    // Play runs from the first step on by itself.
    await stage.press('Home');
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => caption.textContent(), { timeout: 5_000 }).toMatch(/^Step [3-9]/);
    expect(errors).toEqual([]);
  });

  it('tells why events were dropped in words, not codes', async () => {
    const table = page.locator('.dropped-table');
    await table.scrollIntoViewIfNeeded();
    expect(await table.locator('tbody td:first-child').allTextContents()).toEqual(['A denied app had focus', 'The focus watcher did not answer in time']);
    expect(await table.textContent()).not.toMatch(/app-denied|focus-stale/);
    await screenshot(page, 'new-user-dropped');
  });
});
