// A source of raw input events (uiohook-napi in production, a fake in unit tests).
import type { InputEvent } from '../core/input-event.ts';

/** Nothing heard for this long (ms): input paused. A person rests the pointer on its target before
 *  pressing, and pauses between keys; ~90 ms of stillness tells such a rest from a pointer that
 *  sweeps (its moves come a few ms apart), and the observation grabber grabs then. */
export const INPUT_REST_MS = 90;

/** What a source that hands events over in batches tells besides the events. */
export interface InputPace {
  /** A batch was handed over (after its events). */
  batch(): void;
  /** Input paused: nothing was heard for INPUT_REST_MS since `lastHeardAt` (performance.now()'s
   *  clock), and everything heard was handed over; the next event comes by itself. */
  paused(lastHeardAt: number): void;
}

export interface InputSource {
  /** `failed` is told when capture has stopped for good (the X server went away); `warn` of
   *  events lost on the way while capture goes on. */
  start(listener: (event: InputEvent) => void, failed?: (error: Error) => void, warn?: (message: string) => void): void;
  /** Hands over at once every event heard so far (a source that batches them; others have none waiting). */
  drain?(): void;
  /** A source that hands events over in batches tells its pace: each batch, and when input paused.
   *  The method's presence says that the source tells (set before start). */
  onPace?(listener: InputPace): void;
  /** Mouse moves the source thinned itself, exactly as src/core/move-sampler.ts would have (a move
   *  replaced by a newer one before it was handed over): never handed over, counted here. */
  thinnedMoves?(): number;
  /** Such a source thins only while `on` (from the start): the recorder turns it off while paused,
   *  when its own sampler passes every move to the gate to be dropped as paused. */
  thinMoves?(on: boolean): void;
  /** Stops listening; a source that batches hands over what it heard before the stop. */
  stop(): void;
}
