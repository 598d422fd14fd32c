// Whether a window may be recorded at a moment: the one rule that the consent gate (for each input
// event), the frame scheduler (for each grab) and so the stored titles (a window row is written only
// for what one of them kept) all ask. It fails closed: a reason to drop wins over a reason to keep.
//
// Apps: Cairn's own windows and denied apps are never recorded; a window titled as private (today's
// title rule, for any app) neither. Browsers (consent/policy.json) are judged by what Cairn's
// extension reports of the window, paired by geometry (see browser-timeline): the window's reports
// from the one in force a guard before the moment to the first received a guard after it must all
// say "not private, not Cairn's page" and, for a browser allowed for named sites, name one of them.
// Until a report newer than the moment has arrived the answer is "wait": a key right after a tab
// switch is kept only once a report says where the switch went. A browser whose extension has not
// been heard is not recorded at all, allowed whole or for sites: its window title is all Cairn would
// have, and a private window whose page has loaded is titled like any other (Chromium sets no X
// property that tells them apart), so it fails closed. In the first moments of a recording, when
// the extension may not have connected yet, the answer is "wait".
import type { AppPolicy } from './app-policy.ts';
import type { BrowserReport } from './browser-report.ts';
import type { Millis } from './input-event.ts';
import type { Bounds, WindowInfo } from './window-info.ts';
import { isCairnPageTitle } from '../shared/cairn-page.ts';
import { originListed } from '../shared/site-origin.ts';

export type WindowDropReason = 'app-denied' | 'cairn-window' | 'private-window' | 'site-denied' | 'site-unknown';

export type WindowVerdict =
  | { kind: 'record'; policy: AppPolicy }
  | { kind: 'drop'; reason: WindowDropReason }
  /** Not known yet: a report newer than the moment may still come (the app's `policy` allows it).
   *  `otherwise` holds once it is too late. */
  | { kind: 'wait'; policy: AppPolicy; otherwise: WindowVerdict & { kind: 'record' | 'drop' } };

/** What the browser extension said; src/core/browser-timeline.ts keeps it. */
export interface BrowserReports {
  /**
   * The reports of the browser window paired with `window` (by geometry; its title must begin with
   * the tab title) at `from`: the one in force at `from`, then every later one in arrival order.
   * Null when no report at or before `from` pairs with it, or the pairing is ambiguous.
   */
  historyFrom(window: { bounds: Bounds; title?: string }, from: Millis): readonly BrowserReport[] | null;
  /** Whether any report (of any browser) arrived after `time`. */
  hasReportAfter(time: Millis): boolean;
}

/** What the consent policy says of windows and apps (consent/policy.json and the person's choices). */
export interface WindowRules {
  /** The app's policy (denied when it has none). */
  policyOf(window: WindowInfo): AppPolicy;
  isBrowser(app: string): boolean;
  /** A title that marks a private browser window. */
  isPrivateTitle(title: string): boolean;
  /** The sites whose pages may report the element acted on (the allowed browsers' sites): null
   *  for every site (a browser allowed whole), none given or [] for none. */
  pageSites?: readonly string[] | null;
}

export interface WindowJudgeOptions {
  rules: WindowRules;
  /** Cairn's own windows (its UI, the terminal running `cairn record`). */
  isOwnWindow: (window: WindowInfo) => boolean;
  browser?: BrowserReports;
  /** The origins Cairn's browser host serves now (its page is never recorded). */
  cairnOrigins?: () => readonly string[];
  /** A report this close to a moment (event clock) may describe either side of it: delivery takes time. */
  reportGuardMs?: Millis;
}

/** Worst first: a window that may be private is dropped as private, whatever else it was. */
const SEVERITY: readonly WindowDropReason[] = ['private-window', 'cairn-window', 'site-denied'];

export class WindowJudge {
  private readonly options: WindowJudgeOptions;
  private readonly guard: Millis;
  /** Before this moment (event clock) an extension that has not been heard may still be connecting. */
  private expectReportsBy = Number.NEGATIVE_INFINITY;
  /** An allowed browser was dropped because no extension was heard: the person is told. */
  extensionUnheard = false;
  /** The app-level verdict of the last window asked about: a focus segment's window is asked often. */
  private last: { window: WindowInfo; verdict: WindowVerdict; browser: boolean } | undefined;

  constructor(options: WindowJudgeOptions) {
    this.options = options;
    this.guard = options.reportGuardMs ?? 100;
  }

  /** Absence of reports says nothing before `by` (event clock): the recording's first moments. */
  expectReports(by: Millis): void {
    this.expectReportsBy = by;
  }

  /** May `window` be recorded from `from` to `to` (event clock; one moment when `to` is left out)? */
  decide(window: WindowInfo, from: Millis, to: Millis = from): WindowVerdict {
    const app = this.appVerdict(window);
    if (app.verdict.kind !== 'record' || !app.browser) return app.verdict;
    return this.browserVerdict(window, app.verdict.policy, from, to);
  }

  private appVerdict(window: WindowInfo): { verdict: WindowVerdict; browser: boolean } {
    if (this.last?.window === window) return this.last;
    const { rules, isOwnWindow } = this.options;
    const browser = rules.isBrowser(window.app);
    const policy = rules.policyOf(window);
    let verdict: WindowVerdict;
    if (isOwnWindow(window) || (browser && isCairnPageTitle(window.title))) verdict = drop('cairn-window');
    else if (!policy.allowed) verdict = drop('app-denied');
    else if (rules.isPrivateTitle(window.title)) verdict = drop('private-window');
    else verdict = { kind: 'record', policy };
    this.last = { window, verdict, browser };
    return this.last;
  }

  private browserVerdict(window: WindowInfo, policy: AppPolicy, from: Millis, to: Millis): WindowVerdict {
    const { browser } = this.options;
    const sites = policy.sites ?? null;
    const heard = browser?.hasReportAfter(Number.NEGATIVE_INFINITY) ?? false;
    if (!heard && to + this.guard >= this.expectReportsBy) this.extensionUnheard = true;
    const history = browser?.historyFrom(window, from - this.guard);
    if (!history || history.length === 0) return drop('site-unknown');
    const cairn = this.options.cairnOrigins?.() ?? [];
    let worst: WindowDropReason | undefined;
    let settled = false;
    for (const report of history) {
      const reason = report.incognito
        ? 'private-window'
        : report.origin !== null && cairn.includes(report.origin)
          ? 'cairn-window'
          : sites !== null && !originListed(sites, report.origin)
            ? 'site-denied'
            : undefined;
      if (reason && (worst === undefined || SEVERITY.indexOf(reason) < SEVERITY.indexOf(worst))) worst = reason;
      if (report.at > to + this.guard) {
        settled = true;
        break;
      }
    }
    if (worst) return drop(worst);
    return settled ? { kind: 'record', policy } : { kind: 'wait', policy, otherwise: drop('site-unknown') };
  }
}

function drop(reason: WindowDropReason): WindowVerdict & { kind: 'drop' } {
  return { kind: 'drop', reason };
}
