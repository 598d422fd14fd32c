// The allowed app's own popups are part of its frames (issue 12, item 6): Mousepad's File menu and
// a Chromium `<select>` dropdown, opened while `cairn record` takes frames, appear in a stored frame
// exactly as on screen, where whole-screen grabs used to paint them as black boxes.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import { launchChromiumApp } from '../helpers/chromium-app.ts';
import { startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type ColourTest, type StoredFrame, countPixels, screenPixels, storedFrames } from '../helpers/stored-frames.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const CHROMIUM = '/usr/bin/chromium';
const missing = xvfbMissingReason() ?? ([CHROMIUM, '/usr/bin/mousepad'].find((bin) => !existsSync(bin)) ?? null) ?? windowCaptureMissingReason();
if (missing) console.warn(`Skipping the frame tests with the allowed app's popups: ${missing} (scripts/setup.sh installs chromium and mousepad).`);

type Pixels = Awaited<ReturnType<typeof screenPixels>>;
type Bounds = { x: number; y: number; width: number; height: number };

/** Share of the frame's pixels equal (within 8 per channel) to the screen's at `at`. */
function sameAsScreen(frame: Omit<StoredFrame, 'seq' | 'app' | 'window'>, screen: Pixels, at: Bounds): number {
  let same = 0;
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      const f = (y * frame.width + x) * frame.channels;
      const s = ((at.y + y) * screen.width + at.x + x) * screen.channels;
      if ([0, 1, 2].every((c) => Math.abs(frame.data[f + c]! - screen.data[s + c]!) <= 8)) same++;
    }
  }
  return same / (frame.width * frame.height);
}

describe.skipIf(missing !== null)("frames with the allowed app's own popups open", () => {
  let x: XvfbDisplay;
  const children: ChildProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  const folders: string[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
  }, 30_000);

  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
    await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((done) => child.once('exit', done).kill('SIGKILL')) : null)));
    await x?.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  function tmp(prefix: string): string {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    folders.push(folder);
    return folder;
  }

  /** The first visible window of class `cls`, once there is one (windows come and go while an app
   *  starts, which can fail a search: it is tried again). */
  async function visibleWindow(cls: string): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const found = (await xdotool(x.env, 'search', '--onlyvisible', '--class', cls).catch(() => '')).trim().split('\n')[0];
      if (found) return found;
      await sleep(200);
    }
    throw new Error(`no visible ${cls} window within 20 s`);
  }

  /** Clicks at `where` (xdotool mousemove's arguments) to open a popup, grabs the screen while it is
   *  open (frames are taken meanwhile), then closes it with Escape. */
  async function clickOpen(where: string[]): Promise<Pixels> {
    await xdotool(x.env, 'mousemove', ...where);
    await xdotool(x.env, 'click', '1');
    await sleep(800);
    const open = await screenPixels(x.env);
    await sleep(700);
    await xdotool(x.env, 'key', 'Escape');
    await sleep(400);
    return open;
  }

  /** Records `app` with a frame every 0.2 s while `during` runs; answers the frames of `app`. */
  async function recordApp(app: string, during: () => Promise<void>, dataDir = tmp('cairn-popups-')): Promise<StoredFrame[]> {
    const env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, app, 'on');
    const rec = await startRecording(['--frame-period', '0.2'], env);
    // A browser is recorded once Cairn's extension has reported (it connects within a second or so).
    await sleep(app === 'Chromium' ? 2000 : 500);
    await during();
    const result = await rec.stop();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('grabs of the whole screen');
    return (await storedFrames(env.CAIRN_DATA_DIR)).filter((f) => f.app === app);
  }

  it("shows Mousepad's File menu in its frames as it is on screen", async () => {
    const home = tmp('cairn-mousepad-');
    const appEnv = { ...x.env, HOME: home, XDG_CONFIG_HOME: home, NO_AT_BRIDGE: '1' };
    children.push(spawn('mousepad', [], { env: appEnv, stdio: 'ignore' }));
    const windowId = await visibleWindow('mousepad');
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    await sleep(500);
    let closed: Pixels | undefined;
    let open: Pixels | undefined;
    const frames = await recordApp('Mousepad', async () => {
      closed = await screenPixels(x.env);
      open = await clickOpen(['--window', windowId, '20', '12']);
    });
    expect(frames.length).toBeGreaterThan(0);
    const bounds = frames[0]!.window;
    // The menu changed the screen over the window...
    const menuPixels = Math.round((1 - sameAsScreenAt(closed!, open!, bounds)) * bounds.width * bounds.height);
    expect(menuPixels).toBeGreaterThan(5000);
    // ...and some frame shows the window with the menu exactly as the screen did.
    const best = Math.max(...frames.map((f) => sameAsScreen(f, open!, f.window)));
    console.log(`Mousepad: ${frames.length} frames; the menu covered ${menuPixels} px; best match with the screen ${(best * 100).toFixed(2)}%`);
    expect(best).toBeGreaterThan(0.995);
  }, 60_000);

  it('shows a Chromium <select> dropdown in its frames as it is on screen', async () => {
    const isTeal: ColourTest = (r, g, b) => r < 20 && g > 180 && g < 210 && b > 180 && b < 210;
    const options = Array.from({ length: 8 }, (_, i) => `<option style="background:#00c0c0">Choice ${i}</option>`).join('');
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><title>Pick</title><body style="margin:0;background:#fff"><select style="position:absolute;left:40px;top:60px;font-size:20px;width:300px;background:#ffd000">${options}</select>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const dataDir = tmp('cairn-popups-');
    const browser = await launchChromiumApp(x.env, { dataDir, urls: [url], args: ['--window-position=0,0', '--window-size=900,600'] });
    closers.push(() => browser.close());
    const [windowId] = await browser.waitForWindows(1);
    if (!windowId) throw new Error('Chromium showed no window');
    await xdotool(x.env, 'windowactivate', '--sync', windowId);
    // The page is drawn once the select's yellow is on screen.
    let screen = await screenPixels(x.env);
    for (let i = 0; i < 50 && !countPixels(screen, isYellowSelect); i++) {
      await sleep(200);
      screen = await screenPixels(x.env);
    }
    const select = boxOf(screen, isYellowSelect);
    let open: Pixels | undefined;
    const frames = await recordApp('Chromium', async () => {
      open = await clickOpen([String(select.x + select.width / 2), String(select.y + select.height / 2)]);
    }, dataDir);
    server.close();
    // The dropdown (teal options) was on screen over the window, and is in a frame as on screen.
    expect(frames.length).toBeGreaterThan(0);
    expect(countPixels(open!, isTeal, frames[0]!.window)).toBeGreaterThan(10_000);
    const withDropdown = frames.filter((f) => countPixels(f, isTeal) > 10_000);
    const best = Math.max(0, ...withDropdown.map((f) => sameAsScreen(f, open!, f.window)));
    console.log(`Chromium: ${frames.length} frames, ${withDropdown.length} with the dropdown; best match with the screen ${(best * 100).toFixed(2)}%`);
    expect(withDropdown.length).toBeGreaterThan(0);
    expect(best).toBeGreaterThan(0.995);
  }, 60_000);
});

const isYellowSelect: ColourTest = (r, g, b) => r > 240 && g > 195 && g < 220 && b < 20;

/** Share of pixels equal between two screen grabs within `at`. */
function sameAsScreenAt(a: Pixels, b: Pixels, at: Bounds): number {
  const frame = { data: Buffer.alloc(at.width * at.height * 3), channels: 3, width: at.width, height: at.height };
  for (let y = 0; y < at.height; y++) a.data.copy(frame.data, y * at.width * 3, ((at.y + y) * a.width + at.x) * 3, ((at.y + y) * a.width + at.x + at.width) * 3);
  return sameAsScreen(frame, b, at);
}

/** The bounding box of the pixels passing `test`. */
function boxOf(img: Pixels, test: ColourTest): Bounds {
  let [left, top, right, bottom] = [img.width, img.height, -1, -1];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * img.channels;
      if (!test(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  return { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}
