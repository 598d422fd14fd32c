// The in-process capture reuses the memory of frames the recorder let go (native/x-window-capture
// src/pixel_pool.c): a reused frame must show nothing of the one that was there before. A red
// window's frame is read and released, then a shaped window of the same size is read into the same
// memory: the shaped window's hole must be black, not left red. Without the pool's zeroing this fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasePixels, type CapturedPixels } from '../../src/capture/screen-capturer.ts';
import { X11WindowCapturer, windowCaptureMissingReason } from '../../src/capture/x11/x11-window-capturer.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import { countPixels } from '../helpers/stored-frames.ts';
import { type TestWindow, openTestWindow } from '../helpers/test-windows.ts';
import { sleep } from '../helpers/typing.ts';
import { type XvfbDisplay, startXvfb, xvfbMissingReason } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? windowCaptureMissingReason();
if (missing) console.warn(`Skipping the frame memory reuse test: ${missing}.`);

const SIZE = { width: 400, height: 300 };
const HOLE = { x: 150, y: 100, width: 100, height: 80 };
const isRed = (r: number, g: number, b: number) => r > 200 && g < 60 && b < 60;
const isBlack = (r: number, g: number, b: number) => r === 0 && g === 0 && b === 0;
const isGreen = (r: number, g: number, b: number) => r === 0x30 && g === 0xc0 && b === 0x30;

const info = (w: TestWindow, app: string): WindowInfo => ({ windowId: w.windowId, app, title: app, bounds: { x: 0, y: 0, width: 1, height: 1 } });
const asFrame = (p: CapturedPixels) => ({ data: p.image, channels: 3, width: p.raw!.width });

describe.skipIf(missing !== null)('frame memory reused by the window capture', () => {
  let x: XvfbDisplay;
  let capturer: X11WindowCapturer;
  const windows: TestWindow[] = [];

  beforeAll(async () => {
    x = await startXvfb({ width: 1024, height: 768 });
    windows.push(await openTestWindow(x.env, { colour: '#ff0000', x: 20, y: 20, ...SIZE, cls: 'ReuseRed', title: 'red' }));
    windows.push(await openTestWindow(x.env, { colour: '#30c030', x: 500, y: 300, ...SIZE, cls: 'ReuseShaped', title: 'shaped', hole: HOLE }));
    capturer = X11WindowCapturer.open(x.display);
  }, 30_000);

  afterAll(async () => {
    await capturer?.close();
    for (const w of windows) w.kill();
    await x?.stop();
  });

  it('shows nothing of the frame whose memory it reuses: a shaped window’s hole stays black after a red frame', async () => {
    const [red, shaped] = [info(windows[0]!, 'ReuseRed'), info(windows[1]!, 'ReuseShaped')];
    for (let round = 0; round < 6; round++) {
      const before = await capturer.capture(red);
      expect(countPixels(asFrame(before), isRed)).toBe(SIZE.width * SIZE.height);
      releasePixels(before);
      // The memory goes back once the runtime has run the Buffer's finalizer, on a later turn.
      await sleep(20);
      const after = await capturer.capture(shaped);
      expect([after.raw?.width, after.raw?.height]).toEqual([SIZE.width, SIZE.height]);
      expect(countPixels(asFrame(after), isRed)).toBe(0);
      expect(countPixels(asFrame(after), isBlack, HOLE)).toBe(HOLE.width * HOLE.height);
      expect(countPixels(asFrame(after), isGreen)).toBe(SIZE.width * SIZE.height - HOLE.width * HOLE.height);
      releasePixels(after);
      await sleep(20);
    }
  }, 30_000);
});
