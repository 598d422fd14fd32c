// Every step is paired with the observation read just before it and a settled one after it (issue
// 13, item 2): `cairn record` under Xvfb with Debian's Chromium on a page that changes with each
// step — human-like clicks (press, 110 ms, release) that recolour a square, wheel notches that
// scroll a list, and a pick from a `<select>` dropdown. The steps are derived from the store as the
// export derives them, and their frames decoded from the bytes on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import { startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { desktopAppMissing } from '../helpers/desktop-apps.ts';
import { LAYOUT, OPTION_COLOUR, PICKED_COLOUR, SQUARE_COLOURS, isColour, type ObservationPage, serveObservationPage } from '../helpers/observation-page.ts';
import { type ObservedStep, type Pixels, observedSteps, pixelsLike } from '../helpers/observed-steps.ts';
import { pageOrigin, pressAt, wheelAt } from '../helpers/observation-input.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? desktopAppMissing('chromium') ?? windowCaptureMissingReason();
if (missing) console.warn(`Skipping the observation tests: ${missing}.`);

const CLICKS = 4;
const SCROLLS = 3;
/** A square fills 240x150 CSS pixels: a frame shows a colour there when most of them have it. */
const SQUARE_PIXELS = 240 * 150 * 0.8;

/** Pixels that differ (by more than 8 in a channel) between two images of one size. */
function differing(a: Pixels, b: Pixels): number {
  if (a.width !== b.width || a.height !== b.height) return Number.POSITIVE_INFINITY;
  let n = 0;
  for (let i = 0; i < a.data.length; i += a.channels) {
    if ([0, 1, 2].some((c) => Math.abs(a.data[i + c]! - b.data[i + c]!) > 8)) n++;
  }
  return n;
}

describe.skipIf(missing !== null)('observations before and after each step in Chromium', () => {
  let x: XvfbDisplay;
  let page: ObservationPage;
  let browser: ChromiumApp | undefined;
  let dataDir: string;
  let steps: ObservedStep[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    page = await serveObservationPage();
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-observe-'));
    const env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, 'Chromium', 'on');
    browser = await launchChromiumApp(x.env, { dataDir, urls: [page.url], args: ['--window-position=0,0', '--window-size=900,650'] });
    const origin = await pageOrigin(x.env, (await browser.waitForWindows(1))[0]!);
    // No periodic frame: every frame stored stands for a step (or the focus at the start).
    const rec = await startRecording(['--frame-period', '3600'], env);
    // Until Cairn's extension in the browser has reported where the window is.
    await sleep(2000);
    const square = { x: origin.x + LAYOUT.square.x + 120, y: origin.y + LAYOUT.square.y + 75 };
    for (let i = 0; i < CLICKS; i++) {
      await pressAt(x.env, square, 110);
      await sleep(900);
    }
    const list = { x: origin.x + LAYOUT.list.x + 120, y: origin.y + LAYOUT.list.y + 150 };
    for (let i = 0; i < SCROLLS; i++) {
      await wheelAt(x.env, list, 'down');
      await sleep(900);
    }
    const select = { x: origin.x + LAYOUT.select.x + 120, y: origin.y + LAYOUT.select.y + 16 };
    await pressAt(x.env, select, 110);
    await sleep(900);
    // The fourth option of the dropdown, which opens below the select.
    await pressAt(x.env, { x: select.x, y: select.y + 16 + 4 * 24 - 12 }, 110);
    await sleep(900);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);
    steps = (await observedSteps(dataDir, rec.sessionId)).steps;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await x?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const clicks = () => steps.filter((s) => s.step.kind === 'click');

  it('pairs each click that recolours the square with the old colour read before it and the new one after it', () => {
    const onSquare = clicks().slice(0, CLICKS);
    expect(onSquare).toHaveLength(CLICKS);
    onSquare.forEach(({ step, before, after }, i) => {
      const [was, now] = [SQUARE_COLOURS[i]!, SQUARE_COLOURS[i + 1]!];
      expect(before, `click ${i}: an observation before`).toBeDefined();
      expect(after, `click ${i}: an observation after`).toBeDefined();
      expect(before!.t, 'read before the press').toBeLessThan(step.t);
      expect(after!.t, 'read after the release').toBeGreaterThan(step.endT);
      expect(pixelsLike(before!, isColour(was)), `click ${i}: the square before it`).toBeGreaterThan(SQUARE_PIXELS);
      expect(pixelsLike(after!, isColour(now)), `click ${i}: the square after it`).toBeGreaterThan(SQUARE_PIXELS);
      expect(pixelsLike(after!, isColour(was)), `click ${i}: the old colour gone after it`).toBeLessThan(100);
    });
  });

  it('pairs each wheel notch with an observation before and a different, scrolled one after', () => {
    const scrolls = steps.filter((s) => s.step.kind === 'scroll');
    expect(scrolls).toHaveLength(SCROLLS);
    for (const { step, before, after } of scrolls) {
      expect(before, `scroll at ${step.t}: before`).toBeDefined();
      expect(after, `scroll at ${step.t}: after`).toBeDefined();
      expect(before!.t).toBeLessThan(step.t);
      expect(after!.t).toBeGreaterThan(step.endT);
      // 30 px rows of distinct colours moved under a 240x300 box: most of it changed.
      expect(differing(before!, after!)).toBeGreaterThan(240 * 100);
    }
    // Each scroll's observation before shows what the previous one scrolled to.
    for (let i = 1; i < scrolls.length; i++) expect(differing(scrolls[i - 1]!.after!, scrolls[i]!.before!)).toBeLessThan(500);
  });

  it('pairs a dropdown pick: the open list after the click on the select, and before the click on an option; the pick after it', () => {
    const [open, choose] = clicks().slice(CLICKS);
    expect(open && choose, 'two clicks on the dropdown').toBeTruthy();
    const isOption = isColour(OPTION_COLOUR);
    expect(pixelsLike(open!.before!, isOption), 'closed before the click on the select').toBeLessThan(100);
    expect(pixelsLike(open!.after!, isOption), 'open after the click on the select').toBeGreaterThan(5000);
    expect(pixelsLike(choose!.before!, isOption), 'open before the click on an option').toBeGreaterThan(5000);
    expect(pixelsLike(choose!.after!, isOption), 'closed after the pick').toBeLessThan(100);
    expect(pixelsLike(choose!.after!, isColour(PICKED_COLOUR)), 'the pick painted the square').toBeGreaterThan(SQUARE_PIXELS);
  });
});
