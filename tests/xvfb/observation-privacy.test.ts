// What the observation ring holds reaches the disk only as a kept step's observation (issue 13,
// item 2): a pause drops it and stops the grabs, and a focus loss drops it, so content shown only
// while paused, or shown before focus left and gone when it came back, is in no stored frame and in
// no byte of the data folder. The real recorder (the app's service, `cairn record`) under Xvfb with
// Debian's Chromium; the content is the observation page's banner painted magenta by the test (no
// input needed to change it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import { createCairnService } from '../../src/host/cairn-service.ts';
import { invoke } from '../../src/host/invoke.ts';
import type { RecorderCounters } from '../../src/recorder/recorder-counters.ts';
import type { RecordingSnapshot } from '../../src/shared/contract.ts';
import { startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { desktopAppMissing } from '../helpers/desktop-apps.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { LAYOUT, isColour, type ObservationPage, serveObservationPage } from '../helpers/observation-page.ts';
import { type Point, glideTo, pageOrigin, pressAt } from '../helpers/observation-input.ts';
import { observedSteps, pixelsLike, rawPixelRun } from '../helpers/observed-steps.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? desktopAppMissing('chromium') ?? windowCaptureMissingReason();
if (missing) console.warn(`Skipping the observation privacy tests: ${missing}.`);

const MAGENTA = [255, 0, 255] as const;
const isMagenta = isColour(MAGENTA);

describe.skipIf(missing !== null)('what the observation ring holds, on pause and on focus loss', () => {
  let x: XvfbDisplay;
  let page: ObservationPage;
  let browser: ChromiumApp | undefined;
  let browserWindow: string;
  let denied: Xterm | undefined;
  let origin: Point;
  const folders: string[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    page = await serveObservationPage();
    denied = await openXterm(x.env, { cls: 'RingDenied', bg: '#203040', geometry: '60x20+700+300', title: 'denied' });
  }, 90_000);

  afterAll(async () => {
    denied?.kill();
    await browser?.close();
    await page?.close();
    await x?.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  /** A data folder with Chromium allowed, screens on, and a file beside it for the counters; the
   *  browser (with Cairn's extension reporting to that folder) on the observation page. */
  async function freshData(): Promise<{ env: NodeJS.ProcessEnv; stats: string }> {
    const folder = mkdtempSync(join(tmpdir(), 'cairn-ring-'));
    folders.push(folder);
    const env = { ...x.env, CAIRN_DATA_DIR: join(folder, 'data') };
    acceptAndAllow(env, 'Chromium', 'on');
    await browser?.close();
    browser = await launchChromiumApp(x.env, { dataDir: env.CAIRN_DATA_DIR, urls: [page.url], args: ['--window-position=0,0', '--window-size=900,650'] });
    browserWindow = (await browser.waitForWindows(1))[0]!;
    origin = await pageOrigin(x.env, browserWindow);
    return { env, stats: join(folder, 'stats.json') };
  }

  const square = (): Point => ({ x: origin.x + LAYOUT.square.x + 120, y: origin.y + LAYOUT.square.y + 75 });

  /** Every frame stored of the session shows no magenta, and no file holds magenta as raw pixels. */
  async function expectNoMagenta(dataDir: string, sessionId: string): Promise<number> {
    const { frames, steps } = await observedSteps(dataDir, sessionId);
    console.log(`${steps.length} steps, frames: ${frames.map((f) => `#${f.seq} ${f.reason} at ${Math.round(f.t)} ms`).join(', ')}`);
    for (const f of frames) expect(pixelsLike(f, isMagenta), `frame ${f.seq} (${f.reason}, t=${f.t}) shows the magenta banner`).toBeLessThan(50);
    expect(filesContaining(dataDir, rawPixelRun(MAGENTA))).toEqual([]);
    return frames.length;
  }

  it('stores nothing of what the window showed while paused, not even the settled observation of a step just before the pause', async () => {
    const { env } = await freshData();
    await xdotool(x.env, 'windowactivate', '--sync', browserWindow);
    // Paused the app's way (its Pause button, the tray): through the service, with no input that
    // would begin a step of its own. The recorder runs in this process, on the test's display.
    const savedDisplay = process.env.DISPLAY;
    process.env.DISPLAY = x.display;
    const service = createCairnService({ dataDir: env.CAIRN_DATA_DIR! });
    const ok = async (method: string, input: unknown = {}): Promise<RecordingSnapshot> => {
      const r = await invoke(service.handlers, method, input);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.message}`);
      return r.result as RecordingSnapshot;
    };
    let sessionId: string;
    try {
      sessionId = (await ok('recorder.start')).sessionId!;
      await sleep(2000);
      // A click, and the pause as soon as it is released: before the page could settle.
      await pressAt(x.env, square(), 110);
      expect((await ok('recorder.control', { action: 'toggle-pause' })).state).toBe('paused');
      page.paintBanner('#ff00ff');
      // Paused: the pointer moves over the window and clicks it while it shows magenta.
      await pressAt(x.env, { x: square().x + 30, y: square().y }, 110);
      await sleep(1500);
      page.paintBanner('#fff');
      await sleep(500);
      expect((await ok('recorder.control', { action: 'toggle-pause' })).state).toBe('recording');
      await sleep(500);
      await pressAt(x.env, square(), 110);
      await sleep(900);
      await ok('recorder.stop');
    } finally {
      await service.close();
      process.env.DISPLAY = savedDisplay;
    }
    const frames = await expectNoMagenta(env.CAIRN_DATA_DIR!, sessionId);
    expect(frames, 'the clicks before the pause and after the resume have observations').toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('stores nothing the ring held before focus left once it is back, when the window changed meanwhile', async () => {
    const { env, stats } = await freshData();
    await xdotool(x.env, 'windowactivate', '--sync', browserWindow);
    // Frames from whole-screen grabs (ImageMagick, ~150 ms and up a grab): once focus is back, the
    // ring has no fresh grab for a while, and only what it kept from before could pair the first step.
    const rec = await startRecording(['--frame-period', '3600'], env, { captureMethod: 'screen', statsFile: stats });
    await sleep(2000);
    // Three times: the magenta page under a moving pointer (the ring grabs it), focus away while it
    // turns white, then back and a key a few tens of ms later, before a new grab has finished.
    for (const delay of ['0.03', '0.05', '0.08']) {
      page.paintBanner('#ff00ff');
      for (let i = 0; i < 8; i++) await glideTo(x.env, { x: square().x + 200 + 20 * (i % 2), y: square().y + 250 });
      await xdotool(x.env, 'windowactivate', '--sync', denied!.windowId);
      page.paintBanner('#fff');
      await sleep(1000);
      await xdotool(x.env, 'windowactivate', '--sync', browserWindow, 'sleep', delay, 'key', 'Tab');
      // Until the key's observation after (the white page) is stored, so that it cannot be one read
      // once the page is magenta again: a grab every 2 s here, and it waits 2 s at most to settle.
      await sleep(6000);
    }
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);
    const counters = JSON.parse(readFileSync(stats, 'utf8')) as RecorderCounters;
    expect(counters.frameCounts?.observations.distinct, 'the ring grabbed the magenta page').toBeGreaterThan(0);
    await expectNoMagenta(env.CAIRN_DATA_DIR!, rec.sessionId);
  }, 150_000);
});
