// What the recorder needs to know about focus, whatever the platform: which window has focus,
// from when (on the same clock as the input hook), and up to when the watcher vouches for it.
import type { Millis } from '../core/input-event.ts';
import type { Bounds, FocusChange, WindowInfo } from '../core/window-info.ts';

export interface FocusListener {
  /** Focus moved (or the focused window's title or bounds changed, or the keyboard went to another
   *  client than the focused window's and came back: FocusChange.inputElsewhere). */
  focus(change: FocusChange): void;
  /** Every change up to `time` (event clock) has been reported. */
  watermark(time: Millis): void;
  /** The watcher can no longer vouch for anything (connection lost, helper died). */
  failed(error: Error): void;
}

export interface FocusWatcher {
  /** Starts watching; the current focus is reported before this resolves. */
  start(listener: FocusListener): Promise<void>;
  /**
   * A round trip: resolves once every change before the call has been reported, and any unknown
   * moment open then has ended, with the event-clock time.
   */
  sync(): Promise<Millis>;
  /** Bounds of the windows stacked above `windowId` that overlap it: they are masked on its frames. */
  windowsAbove(windowId: string): Promise<Bounds[]>;
  /** Top-level windows now on screen, for `cairn apps list`. */
  listWindows(): Promise<WindowInfo[]>;
  stop(): Promise<void>;
}
