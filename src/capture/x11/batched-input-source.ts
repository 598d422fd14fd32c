// The input source of recordings on X11: libuiohook's hook, as uiohook-napi runs it, but behind
// native/x-input-hook, which queues every event in C and calls JavaScript once per batch (the first
// waiting event has waited BATCH_MS) with one array, instead of once per event with an object each.
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
import type { InputSource } from '../input-source.ts';
import { guardXConnections, xConnectionLoss } from '../x-io-guard.ts';
import { decodeInputBatch } from './input-batch.ts';

interface Native {
  start(onBatch: (batch: Float64Array) => void, batchMs: number): void;
  take(): Float64Array;
  stop(connectionLost: boolean): void;
}

/** How long the first event of a batch waits for others (ms). The gate holds every event until a
 *  round trip to the X server at least 32 ms after it anyway, and this stays under the ~90 ms of
 *  stillness the observation grabber takes for a rest. Against 25 ms: half the batches, so fewer
 *  wake-ups of the JS thread, for up to 25 ms more key-to-disk latency. */
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

  /** `batchMs`: how long a batch's first event waits (tests make it long, to see drain() at work). */
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
    this.native.start((batch) => this.deliver(batch), this.batchMs);
  }

  drain(): void {
    if (this.native && this.listener) this.deliver(this.native.take());
  }

  /** Withdraws the hook, then hands over what it heard before that. */
  stop(): void {
    if (!this.native || !this.listener) return;
    // After a loss the hook's thread is parked on the dead server: it is only forgotten.
    this.native.stop(xConnectionLoss() !== null);
    this.deliver(this.native.take());
    this.listener = undefined;
  }

  private deliver(batch: Float64Array): void {
    const listener = this.listener;
    if (!listener) return;
    const { events, dropped } = decodeInputBatch(batch);
    if (dropped > 0) this.warn?.("input events were dropped: the recorder took none from the hook for too long (it holds at most 262,144)");
    for (const event of events) listener(event);
  }
}
