// The input source of recordings on X11: libuiohook's hook, as uiohook-napi runs it, but behind
// native/x-input-hook, which queues every event in C and hands them over in batches of one array,
// instead of once per event with an object each: the hook wakes JavaScript when input comes after a
// quiet spell, and from then on JavaScript takes what waits every BATCH_MS, until a take finds
// nothing (then the next event wakes it again).
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
import type { InputPace, InputSource } from '../input-source.ts';
import { guardXConnections, xConnectionLoss } from '../x-io-guard.ts';
import { decodeInputBatch } from './input-batch.ts';

interface Native {
  start(onWake: (batch: Float64Array | null) => void, moveSpacingMs?: number): void;
  thinMoves(spacingMs: number): void;
  /** What waits, or null: then the next event wakes JavaScript through onWake. */
  poll(): Float64Array | null;
  take(): Float64Array;
  /** True once the hook and its thread ended; false when only forgotten (see addon.c). */
  stop(connectionLost: () => boolean): boolean;
}

/** Between takes while input comes (ms): an event waits at most this long. The gate holds every
 *  event until a round trip to the X server at least 32 ms after it anyway, and this stays under the
 *  ~90 ms of stillness the observation grabber takes for a rest. Against 25 ms: half the batches, so
 *  fewer wake-ups of the JS thread, for up to 25 ms more key-to-disk latency. */
export const BATCH_MS = 50;

const ADDON = fileURLToPath(appUrl('native/x-input-hook/build/Release/x_input_hook.node'));

/** Why the batched hook is not available here, or null when it is. */
export function batchedInputMissingReason(): string | null {
  if (process.platform !== 'linux') return 'it is for X11 only';
  if (!existsSync(ADDON)) return `it was not built (${ADDON} is missing; \`npm run build\` builds it with node-gyp and the X headers)`;
  return null;
}

export class BatchedInputSource implements InputSource {
  private readonly batchMs: number;
  private native: Native | undefined;
  private listener: ((event: InputEvent) => void) | undefined;
  private warn: ((message: string) => void) | undefined;
  /** Takes what waits every batchMs while input comes; undefined while the hook is armed to wake us. */
  private poller: NodeJS.Timeout | undefined;
  private pace: InputPace | undefined;
  /** Mouse moves the hook thinned itself, as the recorder's MoveSampler would have. */
  private thinned = 0;

  /** `batchMs`: between takes while input comes (tests make it long, to see drain() at work). */
  constructor(options: { batchMs?: number } = {}) {
    this.batchMs = options.batchMs ?? BATCH_MS;
  }

  start(listener: (event: InputEvent) => void, failed?: (error: Error) => void, warn?: (message: string) => void): void {
    if (this.listener) throw new Error('BatchedInputSource already started');
    // libuiohook opens a connection to DISPLAY as the addon loads: the guard must be in place first.
    if (!this.native) guardXConnections(() => failed?.(new Error('the connection to the X server was lost')));
    this.native ??= createRequire(import.meta.url)(ADDON) as Native;
    this.listener = listener;
    this.warn = warn;
    // The hook thins moves as MoveSampler does, before JavaScript decodes and judges each one.
    this.native.start((batch) => this.woken(batch), MIN_MOVE_INTERVAL_MS);
  }

  /** Input came after a quiet spell: hand over what waits, then take the rest every batchMs. */
  private woken(batch: Float64Array | null): void {
    if (!this.listener) return;
    this.poller ??= setInterval(() => this.poll(), this.batchMs);
    if (batch) this.handOver(batch);
  }

  private poll(): void {
    const batch = this.native?.poll() ?? null;
    if (batch) return this.handOver(batch);
    // Nothing came for a whole batchMs: the hook wakes us for the next event.
    clearInterval(this.poller);
    this.poller = undefined;
    this.pace?.paused();
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
    clearInterval(this.poller);
    this.poller = undefined;
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
