// The observation grabber with a capturer that can answer "unchanged" (captureIfChanged): such a
// grab adds a read time to the ring's newest observation and hands over no pixels; the capturer is
// asked only about the pixels of the grabber's own last grab while they are still the ring's newest,
// so a grab after a focus change, a pause or a clear is a full one. The focus timeline, the window
// decision and the ring are real; the capturer is a stand-in that counts what it is asked.
import { describe, expect, it, vi } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import type { CapturedPixels, ScreenCapturer } from '../../src/capture/screen-capturer.ts';
import { type Observation, ObservationRing } from '../../src/recorder/observation-ring.ts';
import { ObservationGrabber, STREAMING_PERIOD_MS } from '../../src/recorder/observation-grabber.ts';
import { sleep } from '../helpers/typing.ts';

const policy: AppPolicy = { app: 'App', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const window: WindowInfo = { windowId: '7', app: 'App', title: 'App', bounds: { x: 0, y: 0, width: 8, height: 4 } };

/** A window painted `shade`, which answers "unchanged" while nothing repainted it since `previous`. */
class StillWindow implements ScreenCapturer {
  readonly inProcess = true;
  shade = 1;
  full = 0;
  unchanged = 0;
  asked: CapturedPixels[] = [];
  private last: CapturedPixels | undefined;
  private drawn = false;

  paint(shade: number): void {
    this.shade = shade;
    this.drawn = true;
  }

  async capture(): Promise<CapturedPixels> {
    this.full++;
    this.drawn = false;
    this.last = { image: Buffer.alloc(8 * 4 * 3, this.shade), raw: { width: 8, height: 4, channels: 3 }, originX: 0, originY: 0, masks: [] };
    return this.last;
  }

  async captureIfChanged(_window: WindowInfo, previous: CapturedPixels): Promise<CapturedPixels | null> {
    this.asked.push(previous);
    if (previous !== this.last || this.drawn) return this.capture();
    this.unchanged++;
    return null;
  }
}

function setup(options: { inputTellsPauses?: boolean } = {}) {
  const timeline = new FocusTimeline();
  timeline.record({ time: 0, window });
  timeline.advance(performance.now());
  const ring = new ObservationRing(1 << 20);
  const capturer = new StillWindow();
  // With the shade the observation shows at the grab (its pixels are freed once the ring drops it).
  const grabs: { observation: Observation; readAt: number; shade: number | undefined }[] = [];
  const grabber = new ObservationGrabber({
    timeline,
    capturer,
    judge: new WindowJudge({ rules: { policyOf: () => policy, isBrowser: () => false, isPrivateTitle: () => false }, isOwnWindow: () => false }),
    ring,
    eventTime: (monotonic) => monotonic,
    ...options,
    onGrab: (observation, readAt) => grabs.push({ observation, readAt, shade: observation.pixels.image[0] }),
  });
  /** The pointer rests on the window: grabs every 50 ms from 90 ms on. */
  const rest = () => grabber.noteInput({ kind: 'mouse-move', x: 1, y: 1, time: performance.now(), arrivedAt: performance.now() });
  return { timeline, ring, capturer, grabs, grabber, rest };
}

describe('observation grabber with a capturer that knows when nothing changed', () => {
  it('adds read times to the newest observation, with no new pixels, while the window stays the same', async () => {
    const { ring, capturer, grabs, grabber, rest } = setup();
    grabber.start();
    rest();
    await sleep(400);
    await grabber.stop();
    expect(capturer.full).toBe(1);
    expect(capturer.unchanged).toBeGreaterThanOrEqual(3);
    expect(grabber.counts).toMatchObject({ grabs: capturer.unchanged + 1, distinct: 1, unread: capturer.unchanged });
    // Every grab is the one observation, read at a later time each.
    const first = grabs[0]!.observation;
    expect(grabs.every((g) => g.observation === first)).toBe(true);
    expect(first.reads).toEqual(grabs.map((g) => g.readAt));
    expect(ring.size).toBe(0);
  });

  it('reads again once the window was repainted: a new observation, then "unchanged" against it', async () => {
    const { capturer, grabs, grabber, rest } = setup();
    grabber.start();
    rest();
    await sleep(200);
    capturer.paint(2);
    await sleep(200);
    await grabber.stop();
    expect([...new Set(grabs.map((g) => g.observation))].length).toBe(2);
    expect([...new Set(grabs.map((g) => g.shade))]).toEqual([1, 2]);
    expect(capturer.full).toBe(2);
    // After the repaint it is asked about the new grab's pixels, not the old ones.
    expect(capturer.asked.at(-1)).toBe(grabs.find((g) => g.shade === 2)!.observation.pixels);
    expect(grabber.counts.distinct).toBe(2);
    expect(capturer.unchanged).toBeGreaterThan(1);
  });

  it('grabs in full after a focus change and after a pause, never asking about what came before', async () => {
    const { timeline, capturer, grabs, grabber, rest } = setup();
    grabber.start();
    rest();
    await sleep(200);
    const before = capturer.full;
    // Same window, new title: a new focus segment.
    timeline.record({ time: performance.now(), window: { ...window, title: 'Other' } });
    timeline.advance(performance.now());
    grabber.focusLost();
    await sleep(30);
    expect(capturer.full).toBe(before + 1);
    const afterFocus = grabs.at(-1)!.observation;
    expect(afterFocus.segment.window.title).toBe('Other');
    grabber.pause();
    grabber.resume();
    await sleep(30);
    expect(capturer.full).toBe(before + 2);
    expect(grabs.at(-1)!.observation).not.toBe(afterFocus);
    await grabber.stop();
  });
});

describe("observation grabber's cadence while input streams", () => {
  it('takes no rest between batches: input handed over every 40 ms, each event 60 ms old, is grabbed every STREAMING_PERIOD_MS', async () => {
    const { capturer, grabber } = setup();
    grabber.start();
    // Batches as the input hook hands them over: the events in each happened (and the hook's thread
    // heard them) up to 60 ms before, while they waited in the batch.
    const started = performance.now();
    let batches = 0;
    while (performance.now() - started < 1000) {
      const happened = performance.now() - 60;
      for (let i = 0; i < 8; i++) grabber.noteInput({ kind: 'mouse-move', x: i, y: 1, time: happened + 7 * i, arrivedAt: happened + 7 * i + 2 });
      batches++;
      await sleep(40);
    }
    const elapsed = performance.now() - started;
    await grabber.stop();
    // The first grab at the start, then one each STREAMING_PERIOD_MS (500 ms): 3 in a second. Timed
    // by the events' own moments, each batch put the rest timer off (no grab while input streamed) or, with
    // batches further apart, made a rest of each gap between them (the recorder's case).
    const streaming = 1 + Math.ceil(elapsed / STREAMING_PERIOD_MS);
    console.log(`streaming input: ${batches} batches in ${Math.round(elapsed)} ms, ${grabber.counts.grabs} grabs (${capturer.full} full)`);
    expect(grabber.counts.grabs).toBeGreaterThanOrEqual(2);
    expect(grabber.counts.grabs).toBeLessThanOrEqual(streaming + 1);
  });

  it('sets no timer per batch with a source that tells pauses, and grabs at the rest once the pause is told', async () => {
    const { grabs, grabber } = setup({ inputTellsPauses: true });
    grabber.start();
    await sleep(20);
    // Node arms one system timer for all of its timers and leaves it when one is cleared or pushed
    // back: a timer set or cleared per batch is a wake-up per batch. Count what the grabber asks for.
    const unspied = globalThis.setTimeout;
    const wait = (ms: number) => new Promise((resolve) => unspied(resolve, ms));
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    const started = performance.now();
    let batches = 0;
    try {
      while (performance.now() - started < 1000) {
        const handedAt = performance.now();
        for (let i = 0; i < 8; i++) grabber.noteInput({ kind: 'mouse-move', x: i, y: 1, time: handedAt - 60 + 7 * i, arrivedAt: handedAt - 58 + 7 * i });
        batches++;
        await wait(40);
      }
      const streamingGrabs = grabber.counts.grabs;
      // One timer per grab (the next one, a streaming period on), none for the batches.
      expect(batches).toBeGreaterThan(15);
      expect(setTimer.mock.calls.length).toBeLessThanOrEqual(streamingGrabs + 1);
      expect(clearTimer.mock.calls.length).toBeLessThanOrEqual(streamingGrabs + 1);
    } finally {
      setTimer.mockRestore();
      clearTimer.mockRestore();
    }
    // The source tells the pause once nothing was heard for REST_MS (90 ms), handing over with it what
    // still waited (moves wait up to 200 ms in the hook): the rest began then, so the rest grab
    // follows at once, not REST_MS after that last batch was handed over.
    const lastHeard = performance.now() - 90;
    for (let i = 0; i < 8; i++) grabber.noteInput({ kind: 'mouse-move', x: i, y: 1, time: lastHeard - 50 + 7 * i, arrivedAt: lastHeard - 49 + 7 * i });
    const before = grabs.length;
    const toldAt = performance.now();
    grabber.inputPaused(lastHeard);
    await sleep(400);
    await grabber.stop();
    const rest = grabs.slice(before);
    expect(rest.length).toBeGreaterThanOrEqual(1);
    expect(rest[0]!.readAt - lastHeard).toBeGreaterThanOrEqual(85);
    // Timed by the handing over, it came 88 ms after the pause was told.
    expect(rest[0]!.readAt - toldAt).toBeLessThan(60);
  });
});

