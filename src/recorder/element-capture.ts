// The element acted on, for a recording: the element under each kept click, the focused element
// at the start of each typing run, and the window's bounded tree at each kept frame, from Cairn's
// extension for a page on an allowed site and from the accessibility tree (AT-SPI) otherwise. It
// also answers the gate whether a key went into a password field. Every lookup starts when the raw
// event arrives (the screen as it was), is asked of a worker with a time bound, and is stored only
// when it can be attributed to the very window and event the gate kept; anything else is counted by
// reason, never stored. Nothing is looked up while paused, and nothing started before a pause or a
// forget is stored after it.
import type { AppPolicy } from '../core/app-policy.ts';
import type { KeptEvent } from '../core/consent-gate.ts';
import type { EventRow } from '../core/coalescer.ts';
import { type ElementInfo, type ElementMiss, type ElementRow, emptyElementCounts, namesTitle, type ElementNode } from '../core/element-info.ts';
import type { FieldVerdict } from '../core/field-timeline.ts';
import type { FocusSegment, FocusTimeline } from '../core/focus-timeline.ts';
import { type InputEvent, isKey, type Millis, type MouseButtonEvent } from '../core/input-event.ts';
import type { PageElementReport } from '../core/page-element.ts';
import type { BrowserReports, WindowJudge, WindowRules, WindowVerdict } from '../core/window-decision.ts';
import type { WindowInfo } from '../core/window-info.ts';
import { TimeoutError, withTimeout } from '../core/time-limit.ts';
import { originListed } from '../shared/site-origin.ts';
import type { AccessibilitySource } from '../capture/atspi/accessibility-source.ts';
import type { AtspiAnswer } from '../capture/atspi/atspi-protocol.ts';
import { AtspiFields } from './atspi-fields.ts';
import { PageElements } from './page-elements.ts';

/** How long a kept click in a browser waits for the extension's report of it. */
const PAGE_CLICK_WAIT_MS = 600;
const POLL_MS = 50;
/** Raw clicks whose lookups are forgotten if the gate has not kept them by then. */
const LOOKUP_TTL_MS = 5000;
/** A focus move stamped this little after a key was made before it (stamps are arrival times). */
const FOCUS_SLACK_MS = 20;

export interface ElementCaptureOptions {
  /** Null where there is no accessibility tree to ask (not Linux, or it could not start). */
  source: AccessibilitySource | null;
  timeline: FocusTimeline;
  judge: Pick<WindowJudge, 'decide'>;
  rules: Pick<WindowRules, 'isBrowser'>;
  browser: Pick<BrowserReports, 'historyFrom'>;
  /** The event clock at an absolute time (performance.timeOrigin + now). */
  stamp: (absolute: number) => Millis | undefined;
  /** A round trip to the focus watcher: every focus change before it has been recorded. */
  sync: () => Promise<Millis>;
  /** Longest a tree waits for the window decision (a browser report newer than it). */
  holdMs?: Millis;
}

interface ClickLookup {
  windowId: string;
  arrivedAt: number;
  answer: Promise<AtspiAnswer>;
}

export class ElementCapture {
  readonly counts = emptyElementCounts();
  readonly pages = new PageElements();
  private readonly fields: AtspiFields | null;
  private readonly lookups = new Map<InputEvent, ClickLookup>();
  private readonly inFlight = new Set<Promise<void>>();
  private rows: ElementRow[] = [];
  private nextSeq = 1;
  private paused = false;
  /** Bumped by pause and forget: work started before is not stored. */
  private epoch = 0;
  /** The last kept event, to tell where a typing run starts. */
  private lastKept: { windowId: string; key: boolean; focus: string | null } | undefined;
  private readonly lastTree = new Map<string, string>();
  private readonly options: ElementCaptureOptions;

  constructor(options: ElementCaptureOptions) {
    this.options = options;
    this.fields = options.source ? new AtspiFields(options.source, options.stamp) : null;
  }

  /** A raw event (before the gate): a click's element is read now, a key's app is asked to vouch. */
  onInput(event: InputEvent): void {
    if (this.paused || (event.kind !== 'mouse-down' && !isKey(event))) return;
    const window = this.options.timeline.current?.window;
    if (!window?.pid || this.options.judge.decide(window, event.time).kind === 'drop') return;
    if (isKey(event)) return this.fields?.touch(window.pid, event.time);
    if (!this.options.source || event.kind !== 'mouse-down') return;
    this.forgetStaleLookups();
    const answer = this.options.source.ask({ type: 'element-at', pid: window.pid, window: window.bounds, x: event.x, y: event.y });
    this.lookups.set(event, { windowId: window.windowId, arrivedAt: event.arrivedAt, answer });
  }

  /** The gate's question: did a key of `window` at `time` go into a password field? */
  keyVerdict(window: WindowInfo, time: Millis): FieldVerdict {
    const verdicts = [window.pid !== undefined ? this.fields?.verdict(window.pid, time) : null];
    if (this.options.rules.isBrowser(window.app)) verdicts.push(this.pages.fieldVerdict(this.browserWindows(window, time), time));
    if (verdicts.includes('password')) return 'password';
    return verdicts.includes('wait') ? 'wait' : 'clear';
  }

  /** A report of the extension (already checked against its schema and stamped). */
  onPageElement(report: PageElementReport): void {
    if (!this.paused) this.pages.add(report);
  }

  /** An event row the gate kept: its element, when it is a click or starts a typing run. */
  onRow(row: EventRow, kept: KeptEvent): void {
    const window = kept.segment.window;
    if (row.kind === 'mouse-down' && kept.event.kind === 'mouse-down') this.track(this.clickElement(row, kept));
    else if (row.kind === 'key-down') this.focusElement(row, kept);
    if (row.kind !== 'mouse-move' && row.kind !== 'key-up') this.lastKept = { windowId: window.windowId, key: row.kind === 'key-down', focus: this.lastKept?.focus ?? null };
  }

  /** A kept frame (an observation): the window's tree as it is now, if it is still that window. */
  onFrame(frame: { seq: number; t: number; windowSeq: number }, segment: FocusSegment & { window: WindowInfo }, policy: AppPolicy): void {
    const { source } = this.options;
    if (this.paused || !source || segment.window.pid === undefined) return;
    this.track(this.tree(source, frame, segment, policy));
  }

  /** Rows ready to be written (handed over once). */
  take(): ElementRow[] {
    const rows = this.rows;
    this.rows = [];
    return rows;
  }

  get pending(): boolean {
    return this.rows.length > 0;
  }

  pause(): void {
    this.paused = true;
    this.epoch++;
    this.lookups.clear();
  }

  resume(): void {
    this.paused = false;
  }

  /** Forget while recording: nothing held or on its way is stored. */
  discard(): void {
    this.epoch++;
    this.rows = [];
    this.lookups.clear();
    this.lastTree.clear();
  }

  /** Waits for what is on its way at the end of a recording, at most `maxMs`: a stop must not wait
   *  on a slow app. What has not come by then is not stored. */
  async settle(maxMs = 1000): Promise<void> {
    const all = (async () => {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    })();
    // withTimeout clears its timer once `all` is done: a bare race with a sleep left a timer that
    // kept every finished recording's process alive up to maxMs more.
    await withTimeout(all, maxMs, 'the elements on their way').catch((error: unknown) => {
      if (!(error instanceof TimeoutError)) throw error;
    });
    if (this.inFlight.size === 0) return;
    this.epoch++;
    this.counts.missed.timeout += this.inFlight.size;
  }

  private async clickElement(row: EventRow, kept: KeptEvent): Promise<void> {
    const epoch = this.epoch;
    const lookup = this.lookups.get(kept.event);
    this.lookups.delete(kept.event);
    const window = kept.segment.window;
    const event = kept.event as MouseButtonEvent;
    let element: ElementInfo | null = null;
    let miss: ElementMiss = 'nothing-there';
    if (this.options.rules.isBrowser(window.app)) element = await this.pageClick(window, event, kept.policy);
    if (!element) {
      if (!this.options.source) miss = 'no-bus';
      else if (!lookup) miss = 'window-changed';
      else if (lookup.windowId !== window.windowId) miss = 'other-window';
      else {
        const answer = await lookup.answer;
        if (!answer.ok) miss = answer.miss;
        else if (answer.element && holds(answer.element, event.x, event.y)) element = answer.element;
        else miss = answer.element ? 'other-window' : 'nothing-there';
      }
    }
    if (epoch !== this.epoch) return;
    if (!element) return void this.counts.missed[miss]++;
    this.push({ t: row.t, kind: 'click', eventSeq: row.seq, frameSeq: null, windowSeq: row.windowSeq, element: underPolicy(element, kept.policy), tree: null });
  }

  /** The extension's report of this click, if one comes in time, from a page of an allowed site. */
  private async pageClick(window: WindowInfo, event: MouseButtonEvent, policy: AppPolicy): Promise<ElementInfo | null> {
    const until = performance.now() + PAGE_CLICK_WAIT_MS;
    for (;;) {
      const report = this.pages.clickAt(this.browserWindows(window, event.time), event.x, event.y, event.time);
      if (report?.element && siteAllowed(policy, report.origin)) return report.element;
      if (performance.now() >= until) return null;
      await sleep(POLL_MS);
    }
  }

  /** At the first key of a typing run (or when the focused element changed): that element. */
  private focusElement(row: EventRow, kept: KeptEvent): void {
    const window = kept.segment.window;
    const time = kept.event.time;
    let element: ElementInfo | null | undefined;
    if (this.options.rules.isBrowser(window.app)) {
      const page = this.pages.focusedIn(this.browserWindows(window, time), time + FOCUS_SLACK_MS);
      if (page && siteAllowed(kept.policy, page.origin)) element = page.element;
    }
    if (element === undefined && window.pid !== undefined) element = this.fields?.focusOf(window.pid, time + FOCUS_SLACK_MS);
    const identity = element ? identityOf(element) : null;
    const last = this.lastKept;
    const runGoesOn = last?.key === true && last.windowId === window.windowId && last.focus === identity;
    this.lastKept = { windowId: window.windowId, key: true, focus: identity };
    if (runGoesOn) return;
    if (element) return this.push({ t: row.t, kind: 'focus', eventSeq: row.seq, frameSeq: null, windowSeq: row.windowSeq, element: underPolicy(element, kept.policy), tree: null });
    const known = window.pid === undefined ? false : this.fields?.accessible(window.pid);
    this.counts.missed[!this.options.source ? 'no-bus' : known === false ? 'not-accessible' : 'nothing-there']++;
  }

  private async tree(source: AccessibilitySource, frame: { seq: number; t: number; windowSeq: number }, segment: FocusSegment & { window: WindowInfo }, policy: AppPolicy): Promise<void> {
    const epoch = this.epoch;
    const window = segment.window;
    const from = this.options.stamp(performance.timeOrigin + performance.now()) ?? Number.NEGATIVE_INFINITY;
    const answer = await source.ask({ type: 'tree', pid: window.pid!, window: window.bounds });
    if (!answer.ok || !answer.tree) return void this.counts.missed[answer.ok ? 'nothing-there' : answer.miss]++;
    // The tree stands for the window only if the same window had focus, and might be recorded, throughout.
    const to = await this.options.sync().catch(() => undefined);
    const verdict = to === undefined || this.options.timeline.current?.seq !== segment.seq ? undefined : await this.verdictOver(window, from, to);
    if (epoch !== this.epoch) return;
    if (verdict?.kind !== 'record' || verdict.policy.screens !== 'on') return void this.counts.missed['window-changed']++;
    const root = policy.titles === 'off' ? withoutTitles(answer.tree.root) : answer.tree.root;
    const json = JSON.stringify(root);
    // The same tree as at the window's last observation says nothing new.
    if (this.lastTree.get(window.windowId) === json) return;
    this.lastTree.set(window.windowId, json);
    const element: ElementInfo = { source: 'atspi', role: root.role, name: root.name, states: root.states, bounds: root.bounds, path: [], password: false };
    this.push({ t: frame.t, kind: 'tree', eventSeq: null, frameSeq: frame.seq, windowSeq: frame.windowSeq, element, tree: { ...answer.tree, root } });
  }

  /** The window decision over `from`..`to`, once a browser report newer than it came (or the hold passed). */
  private async verdictOver(window: WindowInfo, from: Millis, to: Millis): Promise<WindowVerdict> {
    const giveUpAt = performance.now() + (this.options.holdMs ?? 1000);
    let verdict = this.options.judge.decide(window, from, to);
    while (verdict.kind === 'wait' && performance.now() < giveUpAt) {
      await sleep(POLL_MS);
      verdict = this.options.judge.decide(window, from, to);
    }
    return verdict.kind === 'wait' ? verdict.otherwise : verdict;
  }

  /** The browser's own ids of the windows paired with an X window around `time`. */
  private browserWindows(window: WindowInfo, time: Millis): number[] {
    const history = this.options.browser.historyFrom(window, time - 1000) ?? [];
    return [...new Set(history.map((r) => r.browserWindowId))];
  }

  private push(row: Omit<ElementRow, 'seq'>): void {
    this.rows.push({ seq: this.nextSeq++, ...row });
    this.counts.stored++;
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private forgetStaleLookups(): void {
    const now = performance.now();
    for (const [event, lookup] of this.lookups) if (now - lookup.arrivedAt > LOOKUP_TTL_MS) this.lookups.delete(event);
  }
}

function siteAllowed(policy: AppPolicy, origin: string): boolean {
  return policy.sites == null || originListed(policy.sites, origin);
}

/** Under the titles policy `off`, a window's or page's name (its title) is not kept. */
function underPolicy(element: ElementInfo, policy: AppPolicy): ElementInfo {
  return policy.titles === 'off' && namesTitle(element.role) ? { ...element, name: null } : element;
}

function withoutTitles(node: ElementNode): ElementNode {
  return { ...node, name: namesTitle(node.role) ? null : node.name, children: node.children.map(withoutTitles) };
}

/** Whether the element's bounds hold the click (2 px of rounding allowed); an element without bounds is taken at its word. */
function holds(element: ElementInfo, x: number, y: number): boolean {
  const b = element.bounds;
  return !b || (x >= b.x - 2 && y >= b.y - 2 && x <= b.x + b.width + 2 && y <= b.y + b.height + 2);
}

function identityOf(e: ElementInfo): string {
  return JSON.stringify([e.source, e.role, e.name, e.path, e.selector ?? null]);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
