// The batched input hook thins mouse moves in C (native/x-input-hook/src/event_queue.h) so that
// JavaScript does not decode and judge the ~400 moves a second of a sweeping pointer only to thin
// them in MoveSampler (src/core/move-sampler.ts). That must change nothing the recorder keeps. For
// random streams of moves and other events, taken in random batches with the recorder's rest
// admissions between batches, the moves the recorder passes on after the hook's thinning are exactly
// those MoveSampler passes on from the whole stream, and every move is passed on or counted thinned.
// The queue is fed with `inject` (the hook's own push); the addon loads libuiohook, which opens
// DISPLAY as it loads, hence Xvfb.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appUrl } from '../../src/core/app-root.ts';
import { MIN_MOVE_INTERVAL_MS, MoveSampler } from '../../src/core/move-sampler.ts';
import type { InputEvent, MouseMoveEvent } from '../../src/core/input-event.ts';
import { batchedInputMissingReason } from '../../src/capture/x11/batched-input-source.ts';
import { EVENT_FIELDS, decodeInputBatch } from '../../src/capture/x11/input-batch.ts';
import { guardXConnections } from '../../src/capture/x-io-guard.ts';
import { startXvfb, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? batchedInputMissingReason();
if (missing) console.warn(`skipping the input thinning tests: ${missing}`);

interface Queue {
  thinMoves(spacingMs: number): void;
  inject(events: Float64Array): void;
  poll(): Float64Array | null;
  take(): Float64Array;
}

const KEY_DOWN = 1;
const MOUSE_MOVE = 5;

/** A step of a generated stream: a move or a key press `gap` ms after the step before, or between
 *  events what the recorder does: a poll (a batch, no held move), its rest (a drain, then the
 *  sampler's held move passed on), a forget (a drain, the held move discarded), a pause and a resume. */
type Step = { kind: 'move' | 'key'; gap: number } | { kind: 'poll' | 'rest' | 'forget' | 'pause' | 'resume' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('move' as const), gap: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('key' as const), gap: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'poll' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ kind: 'rest' as const }, { kind: 'forget' as const }, { kind: 'pause' as const }, { kind: 'resume' as const }) },
);

/** What the recorder passes on to the gate (recorder.ts's onInput, tick, pause and forget): moves
 *  through a MoveSampler, its held move before any other event and at a rest, nothing while paused;
 *  the ids are the moves' x, other events -1. */
class RecorderSide {
  readonly passed: number[] = [];
  readonly sampler = new MoveSampler();
  paused = false;
  onEvent(e: InputEvent): void {
    if (this.paused) return;
    if (e.kind === 'mouse-move') {
      if (this.sampler.offer(e)) this.passed.push(e.x);
    } else {
      this.rest();
      this.passed.push(-1);
    }
  }
  rest(): void {
    const held = this.sampler.take();
    if (held) this.passed.push(held.x);
  }
}

describe.skipIf(missing !== null)('mouse moves thinned in the input hook', () => {
  let x: XvfbDisplay;
  let queue: Queue;
  const savedDisplay = process.env.DISPLAY;

  beforeAll(async () => {
    x = await startXvfb({ width: 640, height: 480 });
    process.env.DISPLAY = x.display;
    guardXConnections(() => undefined);
    queue = createRequire(import.meta.url)(fileURLToPath(appUrl('native/x-input-hook/build/Release/x_input_hook.node'))) as Queue;
  });

  afterAll(async () => {
    await x?.stop({ untilExit: true });
    if (savedDisplay === undefined) delete process.env.DISPLAY;
    else process.env.DISPLAY = savedDisplay;
  });

  it('passes on exactly the moves MoveSampler passes on from the whole stream, whatever the batches', () => {
    let epoch = 0;
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 120 }), (steps) => {
        // Each run far after the last: the queue's last passed move is then as good as none.
        epoch += 1e7;
        queue.take();
        queue.thinMoves(MIN_MOVE_INTERVAL_MS);
        const thinnedSide = new RecorderSide();
        const wholeSide = new RecorderSide();
        let thinnedInHook = 0;
        let time = epoch;
        let id = 0;
        const deliver = (batch: Float64Array | null) => {
          if (!batch) return;
          const decoded = decodeInputBatch(batch);
          thinnedInHook += decoded.thinned;
          for (const e of decoded.events) thinnedSide.onEvent(e);
        };
        let paused = false;
        for (const step of steps) {
          if (step.kind === 'poll') {
            deliver(queue.poll());
            continue;
          }
          if (step.kind === 'rest' || step.kind === 'forget') {
            deliver(queue.take());
            for (const side of [thinnedSide, wholeSide]) {
              if (step.kind === 'rest') side.rest();
              else side.sampler.discard();
            }
            continue;
          }
          if (step.kind === 'pause' || step.kind === 'resume') {
            if (paused === (step.kind === 'pause')) continue;
            paused = step.kind === 'pause';
            // As recorder.ts: thinning off before the pause's drain, on after the resume's.
            if (paused) queue.thinMoves(0);
            deliver(queue.take());
            for (const side of [thinnedSide, wholeSide]) {
              if (paused) side.rest();
              side.paused = paused;
            }
            if (!paused) queue.thinMoves(MIN_MOVE_INTERVAL_MS);
            continue;
          }
          if (!('gap' in step)) continue;
          time += step.gap;
          const packed = new Float64Array(EVENT_FIELDS);
          packed[0] = step.kind === 'move' ? MOUSE_MOVE : KEY_DOWN;
          packed[1] = time;
          packed[3] = step.kind === 'move' ? ++id : 30;
          queue.inject(packed);
          const event: InputEvent =
            step.kind === 'move'
              ? ({ kind: 'mouse-move', time, arrivedAt: 0, x: id, y: 0 } satisfies MouseMoveEvent)
              : { kind: 'key-down', time, arrivedAt: 0, keycode: 30, mods: { shift: false, ctrl: false, alt: false, meta: false } };
          wholeSide.onEvent(event);
        }
        deliver(queue.take());
        thinnedSide.rest();
        wholeSide.rest();
        expect(thinnedSide.passed).toEqual(wholeSide.passed);
        expect(thinnedSide.sampler.thinned + thinnedInHook).toBe(wholeSide.sampler.thinned);
      }),
      { numRuns: 1_000 },
    );
  });

  it('thins most of a fast sweep in the hook, and none while told not to', () => {
    const sweep = (n: number) => {
      const packed = new Float64Array(EVENT_FIELDS * n);
      for (let i = 0; i < n; i++) {
        packed[i * EVENT_FIELDS] = MOUSE_MOVE;
        packed[i * EVENT_FIELDS + 1] = 5e9 + i * 2.5;
        packed[i * EVENT_FIELDS + 3] = i;
      }
      return packed;
    };
    queue.take();
    queue.thinMoves(MIN_MOVE_INTERVAL_MS);
    queue.inject(sweep(400));
    const thinned = decodeInputBatch(queue.take());
    // A move every 2.5 ms for a second: one in about seven passes, and a take hands over the last,
    // held back, too.
    expect(thinned.events.length).toBeLessThan(70);
    expect(thinned.events.length + thinned.thinned).toBe(400);
    expect(thinned.events.at(-1)).toMatchObject({ x: 399 });
    // 398 moves: the last to pass is the 393rd (every seventh), and a poll leaves the last held back.
    queue.inject(sweep(398).map((v, i) => (i % EVENT_FIELDS === 1 ? v + 2e4 : v)));
    const polled = decodeInputBatch(queue.poll()!);
    expect(polled.events.at(-1)).toMatchObject({ x: 392 });
    expect(polled.events.length + polled.thinned).toBe(397);
    expect(decodeInputBatch(queue.take()).events).toMatchObject([{ x: 397 }]);
    queue.thinMoves(0);
    queue.inject(sweep(400));
    const whole = decodeInputBatch(queue.take());
    expect(whole.events).toHaveLength(400);
    expect(whole.thinned).toBe(0);
  });
});
