// Thins mouse moves before they reach the consent gate. A pointer reports a move every few
// milliseconds (~400 a second when it sweeps), and the coalescer keeps at most one every
// MIN_MOVE_INTERVAL_MS of them anyway; deciding each of the others (the gate, the focus timeline,
// the window decision) only to throw it away afterwards was most of the recorder's work per event.
// A move sooner than that after the last one passed on is held instead, the newest replacing the
// older; the held move is passed on before any other event, so a path still ends where it ended and
// nothing is reordered. Holding only ever removes moves: what is passed on is judged exactly as before.
// The batched input hook applies the same rule before JavaScript sees the moves (event_queue.h).
import type { MouseMoveEvent, Millis } from './input-event.ts';

/** Moves closer together than this (event clock, ms) are thinned: the coalescer's spacing too. */
export const MIN_MOVE_INTERVAL_MS = 16;

export class MoveSampler {
  /** Moves held and then replaced by a newer one: never judged, never written. */
  thinned = 0;
  private held: MouseMoveEvent | undefined;
  private lastPassed: Millis = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: Millis;

  constructor(intervalMs: Millis = MIN_MOVE_INTERVAL_MS) {
    this.intervalMs = intervalMs;
  }

  /** True: pass `move` on now (a held one it supersedes is thinned). False: it is held. */
  offer(move: MouseMoveEvent): boolean {
    if (this.held) this.thinned++;
    if (move.time - this.lastPassed < this.intervalMs) {
      this.held = move;
      return false;
    }
    this.held = undefined;
    this.lastPassed = move.time;
    return true;
  }

  /** The held move, to be passed on now (before another event, at rest, at a pause or the stop). */
  take(): MouseMoveEvent | undefined {
    const move = this.held;
    if (!move) return undefined;
    this.held = undefined;
    this.lastPassed = move.time;
    return move;
  }

  /** Forgets the held move unseen (consent withdrawn, the recent past forgotten). It still counts
   *  as the last passed on, as in the input hook's own thinning (native/x-input-hook), which handed
   *  it over as such. */
  discard(): void {
    if (this.held) this.lastPassed = this.held.time;
    this.held = undefined;
  }
}
