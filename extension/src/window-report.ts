// What the extension says about the browser's windows, built from chrome.windows as pure functions
// (unit-tested under Node): for each normal window its id, bounds, privacy and focus, and the active
// tab's origin and title. Only the origin of a URL ever leaves this file, never its path or query.
import type { BrowserMessage, BrowserWindowMessage } from '../../src/capture/browser/browser-message.ts';

/** A tab title is cut to this many characters (the X window's title begins with it just the same). */
export const TITLE_CHARS = 512;

/** The fields of chrome.windows.Window (populated with tabs) that a report reads. */
export interface BrowserWindow {
  id?: number | undefined;
  type?: string | undefined;
  left?: number | undefined;
  top?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
  incognito: boolean;
  focused: boolean;
  /** Firefox only: the window's own title, exactly as its X window carries it. */
  title?: string | undefined;
  tabs?: { active: boolean; url?: string | undefined; title?: string | undefined }[] | undefined;
}

/**
 * `scheme://host[:port]` of an http(s) URL; null for anything else (a new-tab page, about:blank,
 * file:, data:, an extension page) and for a URL the extension may not read: Cairn names only sites.
 */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * The tab's title, except that a title made from the URL (what Chromium shows for a page without a
 * <title>: "host/path?query") is cut to the host: it still begins the X window's title, which is
 * all Cairn needs it for, and the path and query stay in the browser.
 */
export function titleOf(title: string | undefined, url: string | undefined): string {
  if (!title || !url) return title ?? '';
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return title;
  }
  const shown = title.trim();
  const bare = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const fromUrl = shown.length > host.length && (bare.startsWith(shown) || url.startsWith(shown));
  return fromUrl ? host : title;
}

/**
 * One snapshot: every normal window with known bounds, each numbered by `nextSeq`, and `sentAt`, the
 * wall clock when the windows were read: the recorder takes away the time the snapshot spent on its
 * way, so one held up (a busy host or recorder) never looks newer than what it describes.
 */
export function snapshot(windows: readonly BrowserWindow[], nextSeq: () => number, sentAt?: number): BrowserMessage {
  const reports: BrowserWindowMessage[] = [];
  for (const w of windows) {
    if (w.type !== 'normal' || w.id === undefined || w.left === undefined || w.top === undefined || w.width === undefined || w.height === undefined) continue;
    const tab = w.tabs?.find((t) => t.active);
    reports.push({
      seq: nextSeq(),
      id: w.id,
      left: Math.round(w.left),
      top: Math.round(w.top),
      width: Math.round(w.width),
      height: Math.round(w.height),
      incognito: w.incognito,
      focused: w.focused,
      origin: originOf(tab?.url),
      // Firefox titles the X window "Mozilla Firefox" alone for a page without a <title>, which no
      // tab title begins; its window title always matches, and names no more than the tab's.
      title: titleOf(w.title ?? tab?.title, tab?.url).slice(0, TITLE_CHARS),
    });
  }
  return sentAt === undefined ? { windows: reports } : { sentAt, windows: reports };
}
