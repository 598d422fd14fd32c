// When the keyboard group (the layout active in a keymap of several, such as "ru,us") changed, on
// the event clock, and which group a key pressed at a given time was typed in.
import type { Millis } from './input-event.ts';

/** A switch undone this soon (ms) was made for one key (see groupAt). */
const UNDONE_WITHIN_MS = 20;
/** Switches remembered: far more than arrive while a key waits to be stamped. */
const KEPT_CHANGES = 256;

interface Change {
  time: Millis;
  group: number;
  /** It locked back, within UNDONE_WITHIN_MS, the group of before the switch just before it. */
  undoes: boolean;
  /** A later switch undid it that way. */
  undone: boolean;
}

export class KeyboardGroupTimeline {
  private readonly changes: Change[] = [];
  /** The group before the first change kept. */
  private before: number;

  constructor(initial: number) {
    this.before = initial;
  }

  note(time: Millis, group: number): void {
    // Pairs are read left to right: a switch already in a pair does not pair again with the next one.
    const last = this.changes.at(-1);
    const beforeLast = this.changes.at(-2)?.group ?? this.before;
    const undoes = last !== undefined && !last.undone && !last.undoes && time - last.time <= UNDONE_WITHIN_MS && group === beforeLast;
    if (undoes) last.undone = true;
    this.changes.push({ time, group, undoes, undone: false });
    if (this.changes.length > KEPT_CHANGES) this.before = this.changes.shift()!.group;
  }

  /**
   * The group of the last switch at or before `time`; but a key in the very millisecond of a switch
   * that undid the one just before it was typed between the two. xdotool locks the group each key
   * needs, sends the key and locks the old group back, often within one millisecond (the clock has
   * no finer grain); a person's group toggle is never undone that fast.
   */
  groupAt(time: Millis): number {
    for (let i = this.changes.length - 1; i >= 0; i--) {
      const change = this.changes[i]!;
      if (change.time > time) continue;
      return change.undoes && change.time === time ? (this.changes[i - 1]?.group ?? change.group) : change.group;
    }
    return this.before;
  }
}
