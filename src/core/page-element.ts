// What Cairn's browser extension says of the element acted on in a page of an allowed site: a
// click's element with the point it was clicked at, or the element the focus moved to (and whether
// it is a password field). Stamped on the event clock as the window reports are: the moment it
// happened in the page, not its arrival.
import type { ElementInfo } from './element-info.ts';
import type { Millis } from './input-event.ts';

export interface PageElementReport {
  kind: 'click' | 'focus';
  /** Event clock when it happened in the page. */
  at: Millis;
  /** The browser's own window id (as its window reports give it). */
  browserWindowId: number;
  /** The page's origin, which the extension was allowed to report on. */
  origin: string;
  /** Where a click was, in screen pixels (null for a focus move). */
  point: { x: number; y: number } | null;
  /** The element (source 'extension'); null for a focus that left the page's fields. */
  element: ElementInfo | null;
}
