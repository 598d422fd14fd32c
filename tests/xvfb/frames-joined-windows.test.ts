// Which managed windows stacked above the allowed one join its frame (native/x-window-capture,
// own_windows.c): its dialogs, framed by the window manager (transient for it, or for a dialog of
// it), and nothing else: not a dialog of another window, not another app's window. Four windows
// above it at once, each in its own window-manager frame, so that the search for their clients,
// made for all of them together, has to tell them apart. Each window is checked on the screen
// first (it is really there, over the allowed window), then in every capture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedPixels } from '../../src/capture/screen-capturer.ts';
import { X11WindowCapturer, windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import { type ColourTest, countPixels, screenPixels } from '../helpers/stored-frames.ts';
import { type TestWindow, openTestWindow } from '../helpers/test-windows.ts';
import { sleep } from '../helpers/typing.ts';
import { type Xterm, type XvfbDisplay, openXterm, startXvfb, xdotool, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? windowCaptureMissingReason();
if (missing) console.warn(`Skipping the joined-window capture tests: ${missing}.`);

const colours: Record<string, ColourTest> = {
  green: (r, g, b) => r < 40 && g > 215 && b < 40,
  yellow: (r, g, b) => r > 215 && g > 215 && b < 40,
  red: (r, g, b) => r > 215 && g < 40 && b < 40,
  magenta: (r, g, b) => r > 215 && g < 40 && b > 215,
};

function count(pixels: CapturedPixels, colour: string): number {
  return countPixels({ data: pixels.image, channels: 3, width: pixels.raw!.width }, colours[colour]!);
}

describe.skipIf(missing !== null)('in-process capture with managed windows above the allowed one', () => {
  let x: XvfbDisplay;
  let capturer: X11WindowCapturer;
  const terms: Xterm[] = [];
  const others: TestWindow[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768 });
  }, 30_000);

  afterAll(async () => {
    await capturer?.close();
    for (const other of others) other.kill();
    for (const term of terms) term.kill();
    await x?.stop();
  });

  it("draws the window's dialogs, a dialog of its dialog included, and nothing of another window's dialog or another app", async () => {
    const allowed = await openXterm(x.env, { cls: 'Allowed', bg: '#ffffff', geometry: '80x24+20+20' });
    const elsewhere = await openXterm(x.env, { cls: 'Elsewhere', bg: '#ffffff', geometry: '30x8+650+450' });
    terms.push(allowed, elsewhere);
    const window: WindowInfo = { windowId: allowed.windowId, app: 'Allowed', title: 'Allowed', bounds: { x: 0, y: 0, width: 1, height: 1 } };
    const size = { width: 80, height: 50 };
    const dialog = await openTestWindow(x.env, { colour: '#00ff00', x: 60, y: 80, ...size, cls: 'AllowedDialog', transientFor: allowed.windowId });
    others.push(dialog);
    others.push(await openTestWindow(x.env, { colour: '#ffff00', x: 200, y: 80, ...size, cls: 'AllowedDialog', transientFor: dialog.windowId }));
    others.push(await openTestWindow(x.env, { colour: '#ff0000', x: 340, y: 80, ...size, cls: 'ElsewhereDialog', transientFor: elsewhere.windowId }));
    others.push(await openTestWindow(x.env, { colour: '#ff00ff', x: 60, y: 200, ...size, cls: 'OtherApp' }));
    capturer = X11WindowCapturer.open(x.display);

    // All four are on screen over the allowed window, each whole.
    const place = (await xdotool(x.env, 'getwindowgeometry', '--shell', allowed.windowId)).trim();
    const g = Object.fromEntries(place.split('\n').map((l) => l.split('=') as [string, string]));
    const bounds = { x: Number(g.X), y: Number(g.Y), width: Number(g.WIDTH), height: Number(g.HEIGHT) };
    let screen = await screenPixels(x.env);
    for (let i = 0; i < 50 && Object.keys(colours).some((c) => countPixels(screen, colours[c]!, bounds) < size.width * size.height); i++) {
      await sleep(100);
      screen = await screenPixels(x.env);
    }
    for (const colour of Object.keys(colours)) expect(countPixels(screen, colours[colour]!, bounds), `${colour} on screen`).toBeGreaterThanOrEqual(size.width * size.height);

    // Captures until both dialogs are drawn (the redirection makes windows repaint once); not one
    // pixel of the other two in any of them.
    const shots: CapturedPixels[] = [];
    for (let i = 0; i < 30; i++) {
      const shot = await capturer.capture(window);
      shots.push(shot);
      if (count(shot, 'green') > 0 && count(shot, 'yellow') > 0) break;
      await sleep(100);
    }
    const last = shots.at(-1)!;
    console.log(`joined windows: ${shots.length} captures; the last has green ${count(last, 'green')}, yellow ${count(last, 'yellow')} px`);
    expect(count(last, 'green')).toBe(size.width * size.height);
    expect(count(last, 'yellow')).toBe(size.width * size.height);
    for (const shot of shots) {
      expect(count(shot, 'red')).toBe(0);
      expect(count(shot, 'magenta')).toBe(0);
    }
  }, 30_000);
});
