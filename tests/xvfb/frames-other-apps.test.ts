// Frames hold the allowed window's own pixels and nothing of any other app, whatever happens on
// screen while they are taken (issue 12, item 5): a denied app's popups moving and flashing over the
// allowed window at a high frame rate, a dunst notification over it, a shaped allowed window whose
// hole shows a denied window beneath. Real `cairn record` under Xvfb; every stored frame decoded.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import { startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { type ColourTest, countPixels, screenPixels, storedFrames } from '../helpers/stored-frames.ts';
import { type TestWindow, openTestWindow } from '../helpers/test-windows.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const run = promisify(execFile);
const missing =
  xvfbMissingReason() ??
  (['/usr/bin/dunst', '/usr/bin/notify-send', '/usr/bin/dbus-daemon'].find((bin) => !existsSync(bin)) ?? null) ??
  windowCaptureMissingReason();
if (missing) console.warn(`Skipping the frame tests with other apps: ${missing} (scripts/setup.sh installs dunst, libnotify-bin, dbus-daemon and the addon's headers).`);

const isMagenta: ColourTest = (r, g, b) => r > 200 && g < 60 && b > 200;
const isYellow: ColourTest = (r, g, b) => r > 200 && g > 200 && b < 60;
const isRed: ColourTest = (r, g, b) => r > 200 && g < 60 && b < 60;
const isGreen: ColourTest = (r, g, b) => r < 60 && g > 200 && b < 60;
const isAllowedBlue: ColourTest = (r, g, b) => r === 0x20 && g === 0x40 && b === 0xa0;

describe.skipIf(missing !== null)('frames with other apps on screen', () => {
  let x: XvfbDisplay;
  let allowed: Xterm;
  let env: NodeJS.ProcessEnv;
  const others: { kill(): void }[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 800 });
    // A clock, so that every frame differs from the last and none is skipped as a duplicate.
    allowed = await openXterm(x.env, { cls: 'FramesAllowed', bg: '#2040a0', geometry: '80x24+0+0', command: ['sh', '-c', 'while :; do date +%s.%N; sleep 0.02; done'] });
    // One data folder for the file: each test reads the frames of its own session.
    env = { ...x.env, CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-frames-')) };
    readyToRecord(env.CAIRN_DATA_DIR!, ['FramesAllowed', 'FramesShaped'].map((app) => ({ app, screens: 'on' })));
  }, 60_000);

  afterAll(async () => {
    for (const other of others) other.kill();
    allowed?.kill();
    await x?.stop();
  });

  /** Records for `ms` with a frame every `periodS` seconds; answers the frame counts and frames. */
  async function record(ms: number, periodS: number, during?: () => Promise<void>) {
    const stats = join(env.CAIRN_DATA_DIR!, '..', `stats-${Date.now()}.json`);
    const rec = await startRecording(['--frame-period', String(periodS)], env, { statsFile: stats });
    const stopAt = Date.now() + ms;
    await during?.();
    await sleep(Math.max(0, stopAt - Date.now()));
    const result = await rec.stop();
    expect(result.code, result.stderr).toBe(0);
    // The in-process capture ran: no fallback warning.
    expect(result.stderr).not.toContain('grabs of the whole screen');
    const counts = JSON.parse(readFileSync(stats, 'utf8')).frameCounts as Record<string, unknown>;
    const frames = await storedFrames(env.CAIRN_DATA_DIR!, rec.sessionId);
    // The counts of frame outcomes (the observation ring's counts, an object beside them, are not frames tried).
    const tried = Object.values(counts).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
    return { counts, tried, frames };
  }

  it("keeps every pixel of a denied app's popups, moving and flashing over the allowed window, out of every frame", async () => {
    await xdotool(x.env, 'windowactivate', '--sync', allowed.windowId);
    // Override-redirect popups (as menus and launchers are) of another client, moving every 5 ms
    // across the allowed window, and one also flashing (mapped, unmapped) every 9 ms.
    const path: [number, number][] = Array.from({ length: 24 }, (_, i) => [((i * 37) % 400) - 20, ((i * 23) % 260) - 10]);
    const popups: TestWindow[] = [
      await openTestWindow(x.env, { colour: '#ff00ff', x: 40, y: 40, width: 140, height: 90, overrideRedirect: true, motion: { periodMs: 5, path } }),
      await openTestWindow(x.env, { colour: '#ffff00', x: 120, y: 90, width: 100, height: 60, overrideRedirect: true, motion: { periodMs: 9, path: path.slice().reverse(), flash: true } }),
    ];
    others.push(...popups);
    const onScreen = await screenPixels(x.env);
    const { counts, tried, frames } = await record(4000, 0.04);
    for (const popup of popups) popup.kill();

    const leaks = frames.filter((f) => countPixels(f, isMagenta) + countPixels(f, isYellow) > 0).length;
    console.log(`popups moving and flashing: ${tried} frames tried (${JSON.stringify(counts)}), ${frames.length} stored, ${leaks} with a popup's pixels`);
    // The popups were really over the allowed window on screen.
    expect(countPixels(onScreen, isMagenta, { x: 0, y: 0, width: 500, height: 340 })).toBeGreaterThan(1000);
    expect(frames.length).toBeGreaterThan(10);
    expect(leaks).toBe(0);
    for (const f of frames) expect(countPixels(f, isAllowedBlue)).toBeGreaterThan((f.width * f.height) / 4);
  }, 60_000);

  it('keeps a dunst notification shown over the allowed window out of every frame', async () => {
    await xdotool(x.env, 'windowactivate', '--sync', allowed.windowId);
    const bus = await startSessionBus();
    others.push(bus);
    const notifyEnv = { ...x.env, DBUS_SESSION_BUS_ADDRESS: bus.address };
    const config = join(mkdtempSync(join(tmpdir(), 'cairn-dunst-')), 'dunstrc');
    // Green everywhere (background, text, frame), placed over the allowed window.
    const urgency = 'background = "#00ff00"\nforeground = "#00ff00"\nframe_color = "#00ff00"\ntimeout = 10\n';
    writeFileSync(config, `[global]\nwidth = 300\nheight = 100\norigin = top-left\noffset = 60x80\nframe_color = "#00ff00"\n[urgency_low]\n${urgency}[urgency_normal]\n${urgency}[urgency_critical]\n${urgency}`);
    const dunst = spawn('dunst', ['-config', config], { env: notifyEnv, stdio: 'ignore' });
    others.push(dunst);
    await sleep(500);
    // First, proof that a notification shows over the allowed window.
    await run('notify-send', ['-t', '1000', 'Private message', 'from someone you did not allow'], { env: notifyEnv });
    await sleep(300);
    const onScreen = countPixels(await screenPixels(x.env), isGreen, { x: 0, y: 0, width: 500, height: 340 });
    await sleep(1000);
    // Then notifications coming and going, several a second: each appears or leaves during some shot.
    const { counts, tried, frames } = await record(4000, 0.04, async () => {
      for (let i = 0; i < 8; i++) {
        await run('notify-send', ['-t', '250', `Private message ${i}`, 'from someone you did not allow'], { env: notifyEnv });
        await sleep(350);
      }
    });
    dunst.kill();
    const leaks = frames.filter((f) => countPixels(f, isGreen) > 0).length;
    console.log(`dunst notifications: ${tried} frames tried (${JSON.stringify(counts)}), ${frames.length} stored, ${leaks} with the notification's pixels`);
    expect(onScreen).toBeGreaterThan(1000);
    expect(frames.length).toBeGreaterThan(10);
    expect(leaks).toBe(0);
  }, 60_000);

  it("blacks out the hole of a shaped allowed window: the denied window beneath it is in no frame", async () => {
    const under = await openXterm(x.env, { cls: 'FramesUnder', bg: '#ff0000', geometry: '100x30+560+300' });
    others.push(under);
    const hole = { x: 150, y: 100, width: 100, height: 80 };
    const shaped = await openTestWindow(x.env, { colour: '#30c030', x: 600, y: 320, width: 400, height: 300, cls: 'FramesShaped', title: 'shaped', hole });
    others.push(shaped);
    await xdotool(x.env, 'windowactivate', '--sync', shaped.windowId);
    await sleep(300);
    const onScreen = await screenPixels(x.env);
    const { frames } = await record(2000, 0.2);
    const own = frames.filter((f) => f.app === 'FramesShaped');
    expect(own.length).toBeGreaterThan(0);
    for (const f of own) {
      expect([f.width, f.height]).toEqual([400, 300]);
      expect(countPixels(f, isRed)).toBe(0);
      expect(countPixels(f, (r, g, b) => r === 0 && g === 0 && b === 0, hole)).toBe(hole.width * hole.height);
      expect(countPixels(f, (r, g, b) => r === 0x30 && g === 0xc0 && b === 0x30)).toBe(400 * 300 - hole.width * hole.height);
    }
    // Through the hole, the screen shows the red window.
    const at = own[0]!.window;
    expect(countPixels(onScreen, isRed, { x: at.x + hole.x, y: at.y + hole.y, width: hole.width, height: hole.height })).toBe(hole.width * hole.height);
  }, 60_000);
});

/** A private D-Bus session bus for dunst and notify-send. */
async function startSessionBus(): Promise<{ address: string; kill(): void }> {
  const bus: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    bus.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0]!));
    bus.once('exit', (code) => reject(new Error(`dbus-daemon exited with code ${code}`)));
  });
  return { address, kill: () => bus.kill() };
}
