// What the focus watcher knows about a window: the app's stable identity (WM_CLASS class on X11,
// bundle id on macOS, executable name on Windows), its title and where it is on screen.
import type { Millis } from './input-event.ts';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowInfo {
  /** Platform window id, as a string (X11: decimal XID). */
  windowId: string;
  /** Stable app identity used by policies. */
  app: string;
  title: string;
  bounds: Bounds;
  pid?: number;
}

/** Focus moved to `window` (null: no window has focus, or it cannot be identified) at `time`. */
export interface FocusChange {
  time: Millis;
  window: WindowInfo | null;
  /** The keyboard goes to another client than `window`'s (its popup grabbed the keyboard, or the
   *  X input focus is elsewhere): input from `time` on cannot be attributed to `window`. */
  inputElsewhere?: boolean;
}
