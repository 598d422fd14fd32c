// Whether a key went into a password field, from what one source of structure said (an app over
// AT-SPI, a browser window through Cairn's extension): the focus moves it reported, each stamped on
// the event clock when it arrived (so no earlier than it happened), whether each went to a password
// field (told a moment later, once the new element's role is read), and how far the source has
// vouched that every move has been reported (a round trip to it, answered after the key arrived).
// It fails closed: a key waits while any of that is unknown, a move that may have preceded the key
// by less than its delivery counts, and a stretch the source could not answer for is a password's.
import type { Millis } from './input-event.ts';

export type FieldVerdict = 'password' | 'clear' | 'wait';

export interface FocusMove {
  at: Millis;
  /** Undefined until the element's role has been read. */
  password: boolean | undefined;
}

/** Moves kept beyond those a pending key may need. */
const MAX_MOVES = 256;

export class FieldTimeline {
  private readonly moves: FocusMove[] = [];
  private vouched = Number.NEGATIVE_INFINITY;
  private readonly blind: { from: Millis; to: Millis }[] = [];
  private readonly guardMs: Millis;
  private readonly lateMs: Millis;

  /**
   * `guardMs`: a move this close before a key may not have reached the app when the key did.
   * `lateMs`: a move stamped this long after a key may still have happened before it (a move is
   * stamped when it arrives, and its delivery takes time).
   */
  constructor(guardMs: Millis = 50, lateMs: Millis = 100) {
    this.guardMs = guardMs;
    this.lateMs = lateMs;
  }

  /** Focus moved at `at` (the first answer of a source: at -Infinity, the focus it found). */
  moved(at: Millis, password?: boolean): FocusMove {
    const move = { at, password };
    let i = this.moves.length;
    while (i > 0 && this.moves[i - 1]!.at > at) i--;
    this.moves.splice(i, 0, move);
    if (this.moves.length > MAX_MOVES) this.moves.splice(0, this.moves.length - MAX_MOVES);
    return move;
  }

  settle(move: FocusMove, password: boolean): void {
    move.password = password;
  }

  /** Every move up to `through` has been reported. */
  vouch(through: Millis): void {
    if (through > this.vouched) this.vouched = through;
  }

  /** The source could not answer for `from`..`to` (a round trip timed out): a key then may have gone
   *  into a password field for all Cairn can tell. */
  blindFor(from: Millis, to: Millis): void {
    this.blind.push({ from, to });
    this.vouch(to);
  }

  verdict(t: Millis): FieldVerdict {
    if (this.blind.some((b) => t >= b.from && t <= b.to)) return 'password';
    if (this.vouched < t) return 'wait';
    const from = t - this.guardMs;
    const to = Math.min(this.vouched, t + this.lateMs);
    let inForce = -1;
    for (let i = 0; i < this.moves.length && this.moves[i]!.at <= from; i++) inForce = i;
    // The move in force before the key, and every one that may have come just before it.
    const relevant = inForce >= 0 ? [this.moves[inForce]!] : [];
    for (let i = inForce + 1; i < this.moves.length && this.moves[i]!.at <= to; i++) relevant.push(this.moves[i]!);
    // Nothing reported at all: the source has not said where the focus is yet.
    if (relevant.length === 0) return 'wait';
    if (relevant.some((m) => m.password === true)) return 'password';
    return relevant.some((m) => m.password === undefined) ? 'wait' : 'clear';
  }

  /** Forgets what no key at or after `before` can need. */
  prune(before: Millis): void {
    let keep = 0;
    for (let i = 0; i < this.moves.length && this.moves[i]!.at <= before - this.guardMs; i++) keep = i;
    this.moves.splice(0, keep);
    for (let i = this.blind.length - 1; i >= 0; i--) if (this.blind[i]!.to < before) this.blind.splice(i, 1);
  }
}
