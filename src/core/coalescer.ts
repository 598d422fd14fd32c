// Turns the gate's kept events into rows for the store: thins mouse moves (they are ~98% of raw
// input) while keeping paths faithful, numbers events, and emits a window row the first time an
// event of a focus segment is kept. Titles are written only where the app's policy keeps them.
// A segment that would write the very row written last (the same window, title and bounds, as after
// a popup of another app closed) refers to that row instead of repeating it.
import type { KeptEvent } from './consent-gate.ts';
import { groupBits, modifierMask } from '../shared/modifiers.ts';
import type { Millis } from './input-event.ts';
import { MIN_MOVE_INTERVAL_MS } from './move-sampler.ts';
import type { EventRow, WindowRow } from './stored-rows.ts';

export type { EventRow, WindowRow } from './stored-rows.ts';

export interface CoalescerOptions {
  /** Event-clock time of the session's start: rows carry times relative to it. */
  clockOrigin: Millis;
  /** A move closer than this (px) to the last kept one, and sooner than `minMoveIntervalMs`, is thinned. */
  minMoveDistancePx?: number;
  minMoveIntervalMs?: Millis;
  emitWindow: (row: WindowRow) => void;
  emitEvent: (row: EventRow, source: KeptEvent) => void;
}

export class Coalescer {
  thinned = 0;
  private nextSeq = 1;
  /** Focus segment seq -> the seq of the window row its events and frames refer to. */
  private readonly rowOf = new Map<number, number>();
  private lastRow: { row: WindowRow; windowId: string } | undefined;
  private lastMove: { x: number; y: number; time: Millis } | undefined;
  /** The newest thinned move: written before anything else so a path always ends where it ended. */
  private heldMove: KeptEvent | undefined;
  private readonly options: Required<CoalescerOptions>;

  constructor(options: CoalescerOptions) {
    this.options = { minMoveDistancePx: 3, minMoveIntervalMs: MIN_MOVE_INTERVAL_MS, ...options };
  }

  push(kept: KeptEvent): void {
    const { event } = kept;
    if (event.kind === 'mouse-move') {
      const last = this.lastMove;
      const near =
        last !== undefined &&
        Math.hypot(event.x - last.x, event.y - last.y) < this.options.minMoveDistancePx;
      const soon = last !== undefined && event.time - last.time < this.options.minMoveIntervalMs;
      if (near || soon) {
        if (this.heldMove) this.thinned++;
        this.heldMove = kept;
        return;
      }
      // A held move in between is superseded by this one, which is far enough to keep.
      if (this.heldMove) this.thinned++;
      this.heldMove = undefined;
      this.lastMove = { x: event.x, y: event.y, time: event.time };
      this.write(kept);
      return;
    }
    this.flushHeldMove();
    this.write(kept);
  }

  /** Writes the held move, if any: at the end of a burst or before the session stops. */
  flushHeldMove(): void {
    const held = this.heldMove;
    if (!held) return;
    this.heldMove = undefined;
    if (held.event.kind === 'mouse-move') this.lastMove = { x: held.event.x, y: held.event.y, time: held.event.time };
    this.write(held);
  }

  /** Forgets what was written: the held move is dropped and window rows are emitted again when
   *  referred to, since the store may have erased them (forget --last while recording). */
  reset(): void {
    this.heldMove = undefined;
    this.rowOf.clear();
    this.lastRow = undefined;
  }

  /** The window row a segment's events and frames refer to, emitted the first time anything does. */
  noteSegment(segment: KeptEvent['segment'], policy: KeptEvent['policy']): number {
    const known = this.rowOf.get(segment.seq);
    if (known !== undefined) return known;
    const row: WindowRow = {
      seq: segment.seq,
      t: Math.max(0, segment.start - this.options.clockOrigin),
      app: segment.window.app,
      title: policy.titles === 'keep' ? segment.window.title : null,
      ...segment.window.bounds,
    };
    const last = this.lastRow;
    if (last && last.windowId === segment.window.windowId && sameRow(last.row, row)) {
      this.rowOf.set(segment.seq, last.row.seq);
      return last.row.seq;
    }
    this.rowOf.set(segment.seq, row.seq);
    this.lastRow = { row, windowId: segment.window.windowId };
    this.options.emitWindow(row);
    return row.seq;
  }

  private write(kept: KeptEvent): void {
    const { event, segment, policy } = kept;
    const { clockOrigin } = this.options;
    const windowSeq = this.noteSegment(segment, policy);
    const row: EventRow = {
      seq: this.nextSeq++,
      t: event.time - clockOrigin,
      kind: event.kind,
      windowSeq,
      x: null,
      y: null,
      button: null,
      clicks: null,
      keycode: null,
      mods: 0,
      rotation: null,
      axis: null,
    };
    switch (event.kind) {
      case 'key-down':
      case 'key-up':
        // Under the "timing" policy only the rhythm of typing is kept, never which key.
        row.keycode = policy.keys === 'full' ? event.keycode : null;
        row.mods = policy.keys === 'full' ? modifierMask(event.mods) | groupBits(event.group ?? 0) : 0;
        break;
      case 'mouse-down':
      case 'mouse-up':
        Object.assign(row, { x: event.x, y: event.y, button: event.button, clicks: event.clicks, mods: modifierMask(event.mods) });
        break;
      case 'mouse-move':
        Object.assign(row, { x: event.x, y: event.y });
        break;
      case 'wheel':
        Object.assign(row, { x: event.x, y: event.y, rotation: event.rotation, axis: event.axis, mods: modifierMask(event.mods) });
        break;
    }
    this.options.emitEvent(row, kept);
  }
}

function sameRow(a: WindowRow, b: WindowRow): boolean {
  return a.app === b.app && a.title === b.title && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
