// The extension's element reports of a recording, kept briefly per browser window: a kept click in a
// browser is paired with the report of a click at the same point within moments of it; a key, with
// the element the page's focus last moved to; and a key goes into a password field when the page
// says the focus moved into one (src/core/field-timeline.ts, one per browser window, vouched for by
// the same connection's later window reports).
import type { ElementInfo } from '../core/element-info.ts';
import { type FieldVerdict, FieldTimeline } from '../core/field-timeline.ts';
import type { Millis } from '../core/input-event.ts';
import type { PageElementReport } from '../core/page-element.ts';

/** A click report this far (ms, px) from a click still pairs with it. */
const CLICK_MS = 500;
const CLICK_PX = 3;
/** Reports kept per browser window. */
const KEEP = 64;

export class PageElements {
  private readonly clicks = new Map<number, PageElementReport[]>();
  private readonly focus = new Map<number, { timeline: FieldTimeline; moves: PageElementReport[] }>();

  add(report: PageElementReport): void {
    if (report.kind === 'click') {
      const list = this.clicks.get(report.browserWindowId) ?? [];
      list.push(report);
      if (list.length > KEEP) list.shift();
      this.clicks.set(report.browserWindowId, list);
      return;
    }
    const track = this.track(report.browserWindowId);
    // Keys older than this have long been decided (the gate holds one at most a second).
    track.timeline.prune(report.at - 10_000);
    track.timeline.moved(report.at, report.element?.password === true);
    track.moves.push(report);
    track.moves.sort((a, b) => a.at - b.at);
    if (track.moves.length > KEEP) track.moves.shift();
  }

  /** A window report of this connection arrived, made at `at`: the page's reports before it have come. */
  vouch(browserWindowIds: readonly number[], at: Millis): void {
    for (const id of browserWindowIds) this.track(id).timeline.vouch(at);
  }

  /** The click report at (x, y) near `time` in one of `windows` (the browser windows paired with the X window). */
  clickAt(windows: readonly number[], x: number, y: number, time: Millis): PageElementReport | undefined {
    let best: PageElementReport | undefined;
    for (const id of windows) {
      for (const r of this.clicks.get(id) ?? []) {
        if (!r.point || Math.abs(r.point.x - x) > CLICK_PX || Math.abs(r.point.y - y) > CLICK_PX || Math.abs(r.at - time) > CLICK_MS) continue;
        if (!best || Math.abs(r.at - time) < Math.abs(best.at - time)) best = r;
      }
    }
    return best;
  }

  /** The element the page's focus had last moved to by `time` in one of `windows` (undefined: the page never said). */
  focusedIn(windows: readonly number[], time: Millis): { origin: string; element: ElementInfo | null } | undefined {
    const reports = windows.map((id) => this.focus.get(id)?.moves.findLast((r) => r.at <= time)).filter((r): r is PageElementReport => r !== undefined);
    const last = reports.sort((a, b) => b.at - a.at)[0];
    return last && { origin: last.origin, element: last.element };
  }

  /** Whether a key at `time` went into a password field of a page in `windows`; null: no page said anything. */
  fieldVerdict(windows: readonly number[], time: Millis): FieldVerdict | null {
    const verdicts = windows.filter((id) => this.focus.has(id)).map((id) => this.focus.get(id)!.timeline.verdict(time));
    if (verdicts.length === 0) return null;
    return verdicts.includes('password') ? 'password' : verdicts.includes('wait') ? 'wait' : 'clear';
  }

  private track(id: number): { timeline: FieldTimeline; moves: PageElementReport[] } {
    let track = this.focus.get(id);
    if (!track) {
      // Stamped when it happened in the page, not when it arrived: no delivery to allow for. Before
      // the page first speaks nothing is known of its fields (keys are judged as without the extension).
      track = { timeline: new FieldTimeline(20, 20), moves: [] };
      track.timeline.moved(Number.NEGATIVE_INFINITY, false);
      this.focus.set(id, track);
    }
    return track;
  }
}
