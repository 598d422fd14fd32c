// The event clock (the X server's time on X11, the one input and focus changes are stamped with)
// read at an arbitrary moment, without a round trip: for things that arrive on another channel, such
// as the browser extension's reports. Each time the focus watcher vouches for an event-clock time, it
// did so at or before the moment we handle it, so `time - handledAt` (on the monotonic clock) is a
// lower bound of the offset between the two clocks, which run at the same rate. The largest such
// bound is the estimate: never later than the true event time, so a report never looks newer than
// an event it may not have seen.
import type { Millis } from './input-event.ts';

export class EventClockEstimate {
  private offset: number | undefined;

  /** The event clock read `eventTime` no later than `monotonicNow` (performance.now()). */
  observe(eventTime: Millis, monotonicNow: number): void {
    const bound = eventTime - monotonicNow;
    if (this.offset === undefined || bound > this.offset) this.offset = bound;
  }

  /** The event clock at `monotonicNow`, rounded down; undefined before any observation. */
  at(monotonicNow: number): Millis | undefined {
    return this.offset === undefined ? undefined : Math.floor(monotonicNow + this.offset);
  }
}
