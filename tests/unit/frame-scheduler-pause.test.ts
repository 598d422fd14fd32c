// The frame scheduler under pause, with a screen grab the test holds open: a pause stops every
// frame, even one whose grab began before it, and resuming takes a fresh frame at once.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import type { FocusWatcher } from '../../src/capture/focus-watcher.ts';
import type { CapturedPixels, ScreenCapturer } from '../../src/capture/screen-capturer.ts';
import { type CapturedFrame, FrameScheduler } from '../../src/recorder/frame-scheduler.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';

const policy: AppPolicy = { app: 'Allowed', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const bounds = { x: 0, y: 0, width: 64, height: 48 };

/** A capturer whose grabs finish only when the test says so. */
class HeldCapturer implements ScreenCapturer {
  grabs = 0;
  private waiting: (() => void)[] = [];
  private readonly image: Buffer;
  constructor(image: Buffer) {
    this.image = image;
  }
  capture(): Promise<CapturedPixels> {
    this.grabs++;
    // Each grab's pixels are the caller's own (it frees them once read): a copy each time.
    return new Promise((resolve) => this.waiting.push(() => resolve({ image: Buffer.from(this.image), originX: 0, originY: 0, masks: [] })));
  }
  finishAll(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const finish of waiting) finish();
  }
}

const focus: FocusWatcher = {
  start: async () => undefined,
  sync: async () => 1000,
  windowsAbove: async () => [],
  listWindows: async () => [],
  stop: async () => undefined,
};

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, ready: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await tick(10);
  if (!ready()) throw new Error(`timed out waiting for ${what}`);
}

async function scheduler(periodMs: number) {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2040a0' } }).png().toBuffer();
  const capturer = new HeldCapturer(image);
  const timeline = new FocusTimeline();
  timeline.record({ time: 0, window: { windowId: '1', app: 'Allowed', title: 'Allowed', bounds } });
  const frames: CapturedFrame[] = [];
  const scheduled = new FrameScheduler({
    timeline,
    focus,
    capturer,
    judge: new WindowJudge({ rules: { policyOf: () => policy, isBrowser: () => false, isPrivateTitle: () => false }, isOwnWindow: () => false }),
    onFrame: (f) => frames.push(f),
    periodMs,
  });
  return { capturer, frames, scheduled };
}

describe('frame scheduler and pause', () => {
  it('throws away a frame whose grab began before the pause and finished after it, and grabs nothing while paused', async () => {
    const { capturer, frames, scheduled } = await scheduler(30);
    scheduled.start(); // the first frame is requested at once
    await until('the first grab', () => capturer.grabs === 1);
    scheduled.pause();
    capturer.finishAll();
    await tick(200); // several periodic frames would be due by now
    capturer.finishAll();
    expect(frames).toEqual([]);
    expect(capturer.grabs).toBe(1);
    await scheduled.stop();
  });

  it('takes a fresh frame on resume even when the screen looks as it did before the pause', async () => {
    const { capturer, frames, scheduled } = await scheduler(60_000);
    scheduled.start();
    await until('the first grab', () => capturer.grabs === 1);
    capturer.finishAll();
    await until('the first frame', () => frames.length === 1);
    scheduled.pause();
    scheduled.resume();
    await until('the grab after resume', () => capturer.grabs === 2);
    capturer.finishAll();
    await until('the frame after resume', () => frames.length === 2);
    expect(frames[1]!.reason).toBe('focus');
    expect(frames[1]!.sha256).toBe(frames[0]!.sha256);
    await scheduled.stop();
    capturer.finishAll();
  });
});
