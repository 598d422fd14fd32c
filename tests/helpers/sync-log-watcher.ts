// A focus watcher that notes when each round trip was asked for (wall clock, ms), so a test can see
// how often the recorder wakes the X server: per burst of input, not per event, and never at rest.
import type { Millis } from '../../src/core/input-event.ts';
import type { Bounds, WindowInfo } from '../../src/core/window-info.ts';
import type { FocusListener, FocusWatcher } from '../../src/capture/focus-watcher.ts';

export class SyncLogWatcher implements FocusWatcher {
  readonly asked: number[] = [];
  private readonly inner: FocusWatcher;

  constructor(inner: FocusWatcher) {
    this.inner = inner;
  }

  start(listener: FocusListener): Promise<void> {
    return this.inner.start(listener);
  }

  sync(): Promise<Millis> {
    this.asked.push(Date.now());
    return this.inner.sync();
  }

  windowsAbove(windowId: string): Promise<Bounds[]> {
    return this.inner.windowsAbove(windowId);
  }

  listWindows(): Promise<WindowInfo[]> {
    return this.inner.listWindows();
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
