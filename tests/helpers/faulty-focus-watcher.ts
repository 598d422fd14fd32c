// A focus watcher made slow or silent on purpose, to prove the gate fails closed: every report of
// the real watcher reaches the recorder `delayMs` late, and none after `silentAfterMs`. That delay
// counts from the first round trip after the one the recorder makes as it starts, i.e. from the
// first input (or frame) it must vouch for, so a slow start on a busy machine does not use it up.
import type { Millis } from '../../src/core/input-event.ts';
import type { FocusListener, FocusWatcher } from '../../src/capture/focus-watcher.ts';

export class FaultyFocusWatcher implements FocusWatcher {
  private readonly inner: FocusWatcher;
  private readonly delayMs: Millis;
  private silentAt = Number.POSITIVE_INFINITY;
  private readonly silentAfterMs: Millis | undefined;
  private syncs = 0;

  constructor(inner: FocusWatcher, faults: { delayMs: Millis; silentAfterMs?: Millis }) {
    this.inner = inner;
    this.delayMs = faults.delayMs;
    this.silentAfterMs = faults.silentAfterMs;
  }

  async start(listener: FocusListener): Promise<void> {
    const later = (fn: () => void) => {
      if (performance.now() >= this.silentAt) return;
      if (this.delayMs > 0) setTimeout(fn, this.delayMs);
      else fn();
    };
    await this.inner.start({
      focus: (change) => later(() => listener.focus(change)),
      watermark: (time) => later(() => listener.watermark(time)),
      failed: (error) => listener.failed(error),
    });
  }

  /** A round trip through the faulty watcher is as late (or as silent) as its reports. */
  async sync(): Promise<Millis> {
    if (++this.syncs === 2 && this.silentAfterMs !== undefined) this.silentAt = performance.now() + this.silentAfterMs;
    const time = await this.inner.sync();
    if (performance.now() >= this.silentAt) return new Promise<Millis>(() => undefined);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return time;
  }

  windowsAbove(windowId: string) {
    return this.inner.windowsAbove(windowId);
  }

  listWindows() {
    return this.inner.listWindows();
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
