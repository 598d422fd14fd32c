// The input source of recordings on X11: libuiohook's hook, as uiohook-napi runs it, but behind
// native/x-input-hook, which queues every event in C and hands them over in batches of one array,
// instead of once per event with an object each: the hook wakes JavaScript when input comes after a
// quiet spell, then each time a batch is due (BUTTONS_BATCH_MS after the oldest event waiting when a
// button or wheel event waits, KEYS_BATCH_MS when a key does, MOVES_BATCH_MS when only mouse moves
// do), and once input has been quiet for INPUT_REST_MS (then the next event wakes it again). All of
// that is timed in C, on the hook's thread and a timer thread of the addon's own, so that
// JavaScript is woken only to take a batch.
// At a human input rate (hundreds of pointer moves a second) that call per event was most of what the
// hook cost. Events keep their own times (the X server's clock, shared with the focus watcher) and
// arrivedAt is when the hook's thread heard them, so batching delays handing over, never judging.
// drain() hands over what waits at once: a pause, a resume and a forget call it first, so that no
// event heard before such a moment is judged after it. Where the addon was not built,
// start-recording.ts falls back to UiohookInputSource.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { appUrl } from '../../core/app-root.ts';
import type { InputEvent } from '../../core/input-event.ts';
import { MIN_MOVE_INTERVAL_MS } from '../../core/move-sampler.ts';
import { INPUT_REST_MS, type InputPace, type InputSource } from '../input-source.ts';
import { guardXConnections, xConnectionLoss } from '../x-io-guard.ts';
import { MONOTONIC_TO_PERF, decodeInputBatch } from './input-batch.ts';

/** The addon's batch lengths and rest (ms): see native/x-input-hook/src/event_queue.h. */
interface Pace {
  buttonsMs: number;
  keysMs: number;
  movesMs: number;
  restMs: number;
}

interface Native {
  /** onWake: what waits, and at a rest when the last event was heard (CLOCK_MONOTONIC ms). */
  start(onWake: (batch: Float64Array | null, restedAt?: number) => void, moveSpacingMs: number, pace: Pace): void;
  thinMoves(spacingMs: number): void;
  take(): Float64Array;
  /** True once the hook and its thread ended; false when only forgotten (see addon.c). */
  stop(connectionLost: () => boolean): boolean;
}

/** The longest a button or wheel event waits to be handed over (ms): a click's element is looked up
 *  when it is handed over (src/recorder/element-capture.ts), while the screen still shows what was
 *  clicked. (A click after the pointer rested, the usual one, is the first event after a quiet spell,
 *  handed over at once.) */
export const BUTTONS_BATCH_MS = 50;
/** The longest a key (press or release) waits (ms). The gate holds every event until a round trip to
 *  the X server at least 32 ms after it anyway, and the writer batches keys for 300 ms (the
 *  recorder's FLUSH_MS). The recorder's round trips and writes ride on the batches (paced-work.ts):
 *  with releases held as moves are, or presses held 100 ms, keys took fewer of them, and the
 *  key-to-disk latency's median went from ~265 to 470-530 ms (recorder-load) for 2-4% less CPU. */
export const KEYS_BATCH_MS = 50;
/** The longest a mouse move waits while only moves come (ms). A sweeping pointer's moves are written
 *  a second at a time anyway (the recorder's MOVES_FLUSH_MS); JavaScript polling every 50 ms for
 *  them woke the JS thread ~20 times a second, most of what the recorder cost beyond the hook
 *  (recorder-load, side by side: the hook's own pacing took the recorder's CPU from 3.31 to 3.03%,
 *  its main thread's wake-ups from 45 to 26 a second). The rest is told apart from the batches
 *  (INPUT_REST_MS), so a longer batch does not make the observation before a click older. */
export const MOVES_BATCH_MS = 200;

const ADDON = fileURLToPath(appUrl('native/x-input-hook/build/Release/x_input_hook.node'));

/** Why the batched hook is not available here, or null when it is. */
export function batchedInputMissingReason(): string | null {
  if (process.platform !== 'linux') return 'it is for X11 only';
  if (!existsSync(ADDON)) return `it was not built (${ADDON} is missing; \`npm run build\` builds it with node-gyp and the X headers)`;
  return null;
}

export class BatchedInputSource implements InputSource {
  private readonly nativePace: Pace;
  private native: Native | undefined;
  private listener: ((event: InputEvent) => void) | undefined;
  private warn: ((message: string) => void) | undefined;
  private pace: InputPace | undefined;
  /** Mouse moves the hook thinned itself, as the recorder's MoveSampler would have. */
  private thinned = 0;

  /** The batch lengths and the rest (tests make them long, to see drain() at work). */
  constructor(options: Partial<Pace> = {}) {
    this.nativePace = { buttonsMs: BUTTONS_BATCH_MS, keysMs: KEYS_BATCH_MS, movesMs: MOVES_BATCH_MS, restMs: INPUT_REST_MS, ...options };
  }

  start(listener: (event: InputEvent) => void, failed?: (error: Error) => void, warn?: (message: string) => void): void {
    if (this.listener) throw new Error('BatchedInputSource already started');
    // libuiohook opens a connection to DISPLAY as the addon loads: the guard must be in place first.
    if (!this.native) guardXConnections(() => failed?.(new Error('the connection to the X server was lost')));
    this.native ??= createRequire(import.meta.url)(ADDON) as Native;
    this.listener = listener;
    this.warn = warn;
    // The hook thins moves as MoveSampler does, before JavaScript decodes and judges each one.
    this.native.start((batch, restedAt) => this.woken(batch, restedAt), MIN_MOVE_INTERVAL_MS, this.nativePace);
  }

  /** Input came after a quiet spell, a batch is due, or input paused (restedAt: when it was last heard). */
  private woken(batch: Float64Array | null, restedAt: number | undefined): void {
    if (!this.listener) return;
    if (batch) this.handOver(batch);
    if (restedAt !== undefined) this.pace?.paused(restedAt + MONOTONIC_TO_PERF);
  }

  thinnedMoves(): number {
    return this.thinned;
  }

  thinMoves(on: boolean): void {
    this.native?.thinMoves(on ? MIN_MOVE_INTERVAL_MS : 0);
  }

  onPace(listener: InputPace): void {
    this.pace = listener;
  }

  drain(): void {
    if (this.native && this.listener) this.deliver(this.native.take());
  }

  /** Withdraws the hook, then hands over what it heard before that. */
  stop(): void {
    if (!this.native || !this.listener) return;
    // After a loss the hook's thread is parked on the dead server: it is only forgotten. The native
    // stop withdraws the hook off this thread and asks again while it waits, because the server may
    // have gone away unseen so far (the focus watcher's own connection can notice first).
    const withdrawn = this.native.stop(() => xConnectionLoss() !== null);
    if (!withdrawn && xConnectionLoss() === null) this.warn?.('the input hook did not stop within 2 s (the X server is not answering); it was left behind');
    this.deliver(this.native.take());
    this.listener = undefined;
  }

  /** A batch of the source's own pace (a wake or a poll, not a drain or the stop). */
  private handOver(batch: Float64Array): void {
    this.deliver(batch);
    this.pace?.batch();
  }

  private deliver(batch: Float64Array): void {
    const listener = this.listener;
    if (!listener) return;
    const { events, dropped, thinned } = decodeInputBatch(batch);
    this.thinned += thinned;
    if (dropped > 0) this.warn?.("input events were dropped: the recorder took none from the hook for too long (it holds at most 262,144)");
    for (const event of events) listener(event);
  }
}
