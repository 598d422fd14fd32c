// What Cairn's browser extension says about a browser window, as the consent gate reads it: the
// active tab's origin, whether the window is private, and where the window is (to pair it with the
// X window the focus watcher sees, by geometry). Reports come through native messaging, numbered by
// the extension; the recorder stamps each with the event clock at its arrival, so the gate can ask
// "is there a report newer than this event?" — without one it cannot tell where a key went.
import type { Millis } from './input-event.ts';
import type { Bounds } from './window-info.ts';

export interface BrowserReport {
  /** The extension's sequence number: increases by one per report of one browser run. */
  seq: number;
  /** Event-clock time at which Cairn received the report (never the browser's own clock). */
  at: Millis;
  /** The browser's own window id (chrome.windows), stable while the window lives. */
  browserWindowId: number;
  /** Window bounds as the browser reports them (screen pixels), matched against X geometry. */
  bounds: Bounds;
  /** True when the window is private (incognito); such a window is never recorded. */
  incognito: boolean;
  /** True when this window is the browser's focused window. */
  focused: boolean;
  /** `scheme://host[:port]` of the active tab, or null when it has none Cairn can name
   *  (a new-tab page, `about:blank`, a URL the extension may not read). */
  origin: string | null;
  /** The active tab's title; stored only under the app's titles policy. */
  title: string;
}
