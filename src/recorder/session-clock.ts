// The wall-clock stamps of one recording (its start, each batch, its stop): the wall clock read
// once, when the recording starts, and advanced by the monotonic clock from then on. A clock step
// during a recording (an NTP correction, a manual change) then neither stretches nor shrinks it,
// nor stamps a later batch before an earlier one; the next recording starts from the new time.
export class SessionClock {
  private readonly wallAtStart = Date.now();
  private readonly monoAtStart = performance.now();

  get startedAt(): number {
    return this.wallAtStart;
  }

  now(): number {
    return Math.round(this.wallAtStart + (performance.now() - this.monoAtStart));
  }
}
