// Work the recorder does when it chooses (its tick; the round trip that lets the focus watcher vouch
// for input), run on the input source's batches while they come, and on a timer otherwise.
// While input comes, the batched source (src/capture/x11/batched-input-source.ts) wakes the main
// thread for each batch anyway (every 50 ms while keys come, 200 ms while only the pointer moves). A
// timer of each piece of work on top of that woke it ~9 times a second more (the tick 4, the round
// trips 5: strace of recorder-load), for work that can as well run at the next batch, at most a
// batch's length late. A timer is armed only once the source pauses, or where the source does not
// tell its batches (uiohook-napi, fakes in unit tests).
// A timer is never pushed back: Node arms one system timer for all of its timers, and leaves it at
// the old time when one is cleared or refreshed, so a timer moved at every batch still woke the
// thread at its old time (the observation grabber's note in observation-grabber.ts). A timer that
// comes before the work is due arms the next one.

/** A timer (or batch) up to this early (ms) by performance.now() counts as on time: Node fires
 *  timers on its loop's clock, read at the start of the loop's turn and kept in whole ms, and a
 *  second wake-up for the rest costs more than running that much early. */
export const TIMER_SLACK_MS = 2;

export class PacedWork {
  private dueAt = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  /** Batches are coming: they run the work, and no timer is armed for it. */
  private riding = false;
  private stopped = false;

  private readonly work: (now: number) => void;

  constructor(work: (now: number) => void) {
    this.work = work;
  }

  /** Whether the work is asked for. */
  get asked(): boolean {
    return this.dueAt !== Number.POSITIVE_INFINITY;
  }

  /** Asks for the work at `at` (performance.now()), replacing any earlier request. */
  at(at: number): void {
    if (this.stopped) return;
    this.dueAt = at;
    if (!this.riding) this.arm();
  }

  /** A batch was handed over: the work runs now if due, and the next batches run it from here on. */
  batch(now: number): void {
    this.riding = true;
    this.runIfDue(now);
  }

  /** The source paused: from here on a timer runs the work. */
  paused(now: number): void {
    this.riding = false;
    if (!this.runIfDue(now)) this.arm();
  }

  stop(): void {
    this.stopped = true;
    this.dueAt = Number.POSITIVE_INFINITY;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private runIfDue(now: number): boolean {
    if (now + TIMER_SLACK_MS < this.dueAt) return false;
    this.dueAt = Number.POSITIVE_INFINITY;
    this.work(now);
    return true;
  }

  /** A timer at dueAt, unless one comes at or before it (that one arms the next when it fires). */
  private arm(): void {
    if (this.dueAt === Number.POSITIVE_INFINITY || this.timerAt <= this.dueAt + TIMER_SLACK_MS) return;
    clearTimeout(this.timer);
    this.timerAt = this.dueAt;
    this.timer = setTimeout(() => this.fired(), Math.max(0, this.dueAt - performance.now()));
  }

  private fired(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.stopped) return;
    // Batches came meanwhile: they run the work, or did.
    if (this.runIfDue(performance.now()) || this.riding) return;
    this.arm();
  }
}
