// A source of raw input events (uiohook-napi in production, a fake in unit tests).
import type { InputEvent } from '../core/input-event.ts';

/** What a source that hands events over in batches tells besides the events. */
export interface InputPace {
  /** A batch was handed over (after its events). */
  batch(): void;
  /** Input paused: a whole batch's time passed with nothing heard; the next event comes by itself. */
  paused(): void;
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
  /** Stops listening; a source that batches hands over what it heard before the stop. */
  stop(): void;
}
