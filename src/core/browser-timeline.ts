// What the browser extension said, and when: a bounded history of reports per browser window, from
// which the consent gate asks "which site did this X window show at that moment?" (paired by
// geometry, since the extension knows browser windows and X knows client windows, and neither knows
// the other's ids) and "has any report arrived after this event?" (without one, a key right after a
// tab switch cannot be placed). Reports come in snapshots: each message of the extension lists every
// window it can see, so a window missing from a snapshot has closed.
import type { BrowserReport } from './browser-report.ts';
import type { Millis } from './input-event.ts';
import type { Bounds } from './window-info.ts';

/**
 * How far an X client window may sit inside the bounds a browser reports for it: a window manager's
 * frame (title bar above, borders on the other sides) when the browser draws with system decorations
 * and counts them in its bounds. Chromium's own frame (the default) reports the client's bounds exactly.
 */
export const DECORATION_MARGIN = { top: 64, side: 16 } as const;
/** Pixels either way that rounding (fractional scale factors) may leave between the two. */
const SLACK = 2;

export interface BrowserTimelineLimits {
  /** Reports kept per browser window (the oldest go first). */
  reportsPerWindow: number;
  /** Browser windows tracked at once (closed ones go first, then the least recently reported). */
  windows: number;
  /** How long a closed window's history stays answerable (ms on the event clock). */
  keepClosedMs: Millis;
}

const DEFAULT_LIMITS: BrowserTimelineLimits = { reportsPerWindow: 64, windows: 128, keepClosedMs: 10_000 };

/** The X window to pair: its bounds, and its title when known (a report's tab title must begin it). */
export interface PairedWindow {
  bounds: Bounds;
  title?: string;
}

interface Track {
  reports: BrowserReport[];
  closedAt?: Millis;
  lastAt: Millis;
}

export class BrowserTimeline {
  private readonly tracks = new Map<string, Track>();
  private latestAt = Number.NEGATIVE_INFINITY;
  /** The latest `at` per source: a source's reports stay in order. */
  private readonly sourceAt = new Map<string, Millis>();
  private readonly limits: BrowserTimelineLimits;

  constructor(limits: Partial<BrowserTimelineLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /**
   * One snapshot from `source` (one connection of one browser's extension) received at `at`: every
   * window the extension can see. That source's windows missing from it are closed from `at` on.
   * Times only move forward within a source: an earlier `at` is taken as that source's latest. (A
   * source may report an earlier moment than another did: its snapshot was held up on its way.)
   */
  record(source: string, at: Millis, reports: readonly BrowserReport[]): void {
    at = Math.max(at, this.sourceAt.get(source) ?? Number.NEGATIVE_INFINITY);
    this.sourceAt.set(source, at);
    this.latestAt = Math.max(this.latestAt, at);
    const seen = new Set<string>();
    for (const report of reports) {
      const key = trackKey(source, report.browserWindowId);
      seen.add(key);
      let track = this.tracks.get(key);
      if (!track || track.closedAt !== undefined) {
        track = { reports: [], lastAt: at };
        this.tracks.set(key, track);
      }
      track.reports.push({ ...report, at });
      track.lastAt = at;
      if (track.reports.length > this.limits.reportsPerWindow) track.reports.shift();
    }
    for (const [key, track] of this.tracks) {
      if (key.startsWith(`${source}\0`) && !seen.has(key) && track.closedAt === undefined) track.closedAt = at;
    }
    this.evict();
  }

  /** `source` went away (the browser quit, the extension was reloaded): its windows closed at `at`. */
  closeSource(source: string, at: Millis): void {
    this.record(source, at, []);
    this.sourceAt.delete(source);
  }

  /**
   * The report in force at `time` (default: the latest) for the browser window that pairs with `window`,
   * or null when none does, or when the best-pairing windows disagree (two windows of equal geometry
   * showing different sites): the gate must then treat the window as unknown.
   */
  latestFor(window: PairedWindow, time: Millis = Number.POSITIVE_INFINITY): BrowserReport | null {
    const best = this.pairedAt(window, time).map((p) => p.report);
    const first = best[0];
    if (!first || best.some((r) => r.origin !== first.origin || r.incognito !== first.incognito)) return null;
    return best.reduce((a, b) => (b.at > a.at ? b : a));
  }

  /**
   * What the consent gate reads of `window` from `from` on: the report in force at `from` of the
   * browser window that pairs with it, then every later report of that window, in arrival order.
   * When several windows pair equally well, the reports of all of them (the gate must find every one
   * allowed); null when none pairs at `from`.
   */
  historyFrom(window: PairedWindow, from: Millis): BrowserReport[] | null {
    const paired = this.pairedAt(window, from);
    if (paired.length === 0) return null;
    const reports = paired.flatMap(({ track, report }) => track.reports.slice(track.reports.indexOf(report)));
    return reports.sort((a, b) => a.at - b.at);
  }

  /** The tracks whose report in force at `time` pairs best with `window`, each with that report. */
  private pairedAt(window: PairedWindow, time: Millis): { track: Track; report: BrowserReport }[] {
    let best: { track: Track; report: BrowserReport }[] = [];
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const track of this.tracks.values()) {
      if (track.closedAt !== undefined && track.closedAt <= time) continue;
      const report = reportAt(track.reports, time);
      if (!report || (window.title !== undefined && !titleAgrees(window.title, report.title))) continue;
      const distance = pairDistance(report.bounds, window.bounds);
      if (distance === null || distance > bestDistance) continue;
      if (distance < bestDistance) best = [];
      bestDistance = distance;
      best.push({ track, report });
    }
    return best;
  }

  /** Whether a snapshot (of any browser) arrived after `time`. */
  hasReportAfter(time: Millis): boolean {
    return this.latestAt > time;
  }

  /** Browser windows currently tracked (open or recently closed); bounded by the limits. */
  get size(): number {
    return this.tracks.size;
  }

  private evict(): void {
    for (const [key, track] of this.tracks) {
      if (track.closedAt !== undefined && track.closedAt < this.latestAt - this.limits.keepClosedMs) this.tracks.delete(key);
    }
    if (this.tracks.size <= this.limits.windows) return;
    const byAge = [...this.tracks].sort(([, a], [, b]) => Number(a.closedAt === undefined) - Number(b.closedAt === undefined) || a.lastAt - b.lastAt);
    for (const [key] of byAge.slice(0, this.tracks.size - this.limits.windows)) this.tracks.delete(key);
  }
}

function trackKey(source: string, browserWindowId: number): string {
  return `${source}\0${browserWindowId}`;
}

/** The last report received at or before `time` (reports are in arrival order). */
function reportAt(reports: readonly BrowserReport[], time: Millis): BrowserReport | undefined {
  for (let i = reports.length - 1; i >= 0; i--) {
    if (reports[i]!.at <= time) return reports[i];
  }
  return undefined;
}

/**
 * How well a browser's bounds pair with an X client window's: null when they cannot be the same
 * window, else the sum of the edge gaps (0: exactly the same). The client may sit inside the
 * browser's bounds by the frame (DECORATION_MARGIN), never outside them beyond rounding.
 */
export function pairDistance(browser: Bounds, client: Bounds): number | null {
  const gaps = {
    left: client.x - browser.x,
    top: client.y - browser.y,
    right: browser.x + browser.width - (client.x + client.width),
    bottom: browser.y + browser.height - (client.y + client.height),
  };
  const within = (gap: number, margin: number) => gap >= -SLACK && gap <= margin + SLACK;
  if (!within(gaps.top, DECORATION_MARGIN.top)) return null;
  if (!within(gaps.left, DECORATION_MARGIN.side) || !within(gaps.right, DECORATION_MARGIN.side) || !within(gaps.bottom, DECORATION_MARGIN.side)) return null;
  return Math.abs(gaps.left) + Math.abs(gaps.top) + Math.abs(gaps.right) + Math.abs(gaps.bottom);
}

/**
 * Browsers title their X window after the active tab ("<tab title> - Chromium"), so a window whose
 * title does not begin with the report's tab title is not the reported window (an unreported private
 * window of the same size, say). Whitespace is compared loosely, as browsers collapse it.
 */
export function titleAgrees(windowTitle: string, tabTitle: string): boolean {
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(windowTitle).startsWith(squash(tabTitle));
}
