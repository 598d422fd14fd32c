// The focus timeline: which window had focus from when, plus a watermark up to which the watcher
// vouches that it has reported every change. The consent gate reads it to decide each event.
// A segment begins at every change the watcher reports: another window, the same window retitled
// or moved (so each event is stored with the title current at its moment), or the keyboard going
// to another client and back. Only a change of window or of who receives the keyboard makes the
// moments just before it ambiguous; a retitle does not (see changedWithin).
import type { Millis } from './input-event.ts';
import type { FocusChange, WindowInfo } from './window-info.ts';
import { lastAtOrBefore } from './last-at-or-before.ts';

export interface FocusSegment {
  /** Increases by one per change; lets readers tell two segments of the same window apart. */
  seq: number;
  start: Millis;
  window: WindowInfo | null;
  /** The keyboard went to another client than the window's (see FocusChange). */
  inputElsewhere: boolean;
}

export class FocusTimeline {
  private readonly segments: FocusSegment[] = [];
  private nextSeq = 1;
  private mark = Number.NEGATIVE_INFINITY;

  /** Records a focus change. Changes arrive in clock order; an older one would rewrite history, so it is refused. */
  record(change: FocusChange): FocusSegment {
    const last = this.segments.at(-1);
    if (last && change.time < last.start) {
      throw new Error(`focus change at ${change.time} is older than the last one at ${last.start}`);
    }
    const segment = { seq: this.nextSeq++, start: change.time, window: change.window, inputElsewhere: change.inputElsewhere === true };
    this.segments.push(segment);
    this.advance(change.time);
    return segment;
  }

  /** The watcher vouches that every change up to `time` has been recorded. */
  advance(time: Millis): void {
    if (time > this.mark) this.mark = time;
  }

  get watermark(): Millis {
    return this.mark;
  }

  get current(): FocusSegment | undefined {
    return this.segments.at(-1);
  }

  /** The segment in force at `time`, or undefined when nothing is known that early. */
  at(time: Millis): FocusSegment | undefined {
    return this.segments[this.indexAt(time)];
  }

  /**
   * True when, in (from, to], focus moved to another window (another X window or app, or none) or
   * the keyboard went to another client or came back. A retitle, move or resize of the same window
   * is not such a change: the key that made an editor retitle itself belongs to that editor.
   */
  changedWithin(from: Millis, to: Millis): boolean {
    const index = this.indexAt(from);
    const before = this.segments[index];
    if (!before) return this.at(to) !== undefined;
    for (let i = index + 1; i < this.segments.length && this.segments[i]!.start <= to; i++) {
      if (!sameReceiver(before, this.segments[i]!)) return true;
    }
    return false;
  }

  /** Index of the last segment that starts at or before `time` (-1 when none does). */
  private indexAt(time: Millis): number {
    return lastAtOrBefore(this.segments, time, (segment) => segment.start);
  }

  /** Forgets segments that ended before `time`, keeping the one in force at `time`. */
  prune(time: Millis): void {
    let keepFrom = 0;
    while (keepFrom + 1 < this.segments.length && this.segments[keepFrom + 1]!.start <= time) keepFrom++;
    if (keepFrom > 0) this.segments.splice(0, keepFrom);
  }
}

/** Whether input in `a` and in `b` goes to the same place: the same window of the same app, with
 *  the keyboard there in both (or elsewhere in both). */
function sameReceiver(a: FocusSegment, b: FocusSegment): boolean {
  if (!a.window || !b.window) return a.window === b.window;
  return a.window.windowId === b.window.windowId && a.window.app === b.window.app && a.inputElsewhere === b.inputElsewhere;
}
