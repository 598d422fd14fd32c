import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AppPolicy, policyLookup } from '../../src/core/app-policy.ts';
import type { BrowserReport } from '../../src/core/browser-report.ts';
import { ConsentGate, type KeptEvent } from '../../src/core/consent-gate.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import { BrowserTimeline } from '../../src/core/browser-timeline.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';

// The extension's reports, each a snapshot of the one browser window of one browser (source '1').
class ReportLog extends BrowserTimeline {
  private seq = 0;

  add(at: number, fields: Partial<BrowserReport> & { origin: string | null }): void {
    this.record('1', at, [{ seq: ++this.seq, at, browserWindowId: 1, bounds: BOUNDS, incognito: false, focused: true, title: 'Tab', ...fields }]);
  }
}

const GUARD = 30;
const REPORT_GUARD = 100;
const HOLD = 1000;
const BOUNDS = { x: 0, y: 0, width: 1000, height: 800 };
const ALLOWED = 'http://127.0.0.1:8001';
const OTHER = 'http://127.0.0.1:8002';
const CAIRN = 'http://127.0.0.1:9999';

const browser = (title = 'Tab - Chromium', id = 'b1'): WindowInfo => ({ windowId: id, app: 'Chromium', title, bounds: BOUNDS });
const xterm: WindowInfo = { windowId: 'x1', app: 'XTerm', title: 'xterm', bounds: BOUNDS };
const policy = (app: string, sites?: string[]): AppPolicy => ({ app, allowed: true, keys: 'full', screens: 'on', titles: 'keep', ...(sites ? { sites } : {}) });
const key = (time: number): InputEvent => ({ kind: 'key-down', time, arrivedAt: time, keycode: 30, mods: NO_MODIFIERS });

function makeGate(policies: AppPolicy[], options: { expectReportsBy?: number; withoutExtension?: boolean } = {}) {
  const timeline = new FocusTimeline();
  const reports = new ReportLog();
  const lookup = policyLookup(policies);
  const judge = new WindowJudge({
    rules: { policyOf: (w) => lookup(w.app), isBrowser: (app) => app === 'Chromium', isPrivateTitle: (title) => title.includes('Incognito') },
    isOwnWindow: () => false,
    browser: options.withoutExtension ? undefined : reports,
    cairnOrigins: () => [CAIRN],
    reportGuardMs: REPORT_GUARD,
  });
  if (options.expectReportsBy !== undefined) judge.expectReports(options.expectReportsBy);
  const kept: KeptEvent[] = [];
  const gate = new ConsentGate({ timeline, judge, onKept: (k) => kept.push(k), transitionGuardMs: GUARD, maxHoldMs: HOLD });
  return { timeline, reports, gate, kept, judge };
}

/** Pumps at `now` on the event clock (events arrive when they happen in these tests). */
function pumpAt(setup: ReturnType<typeof makeGate>, now: number): void {
  setup.timeline.advance(now);
  setup.gate.pump(now);
}

describe('consent gate: a browser allowed for named sites', () => {
  it('keeps a key on a listed site only once a report newer than it arrives, and not before', () => {
    const s = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
    s.timeline.record({ time: 0, window: browser() });
    s.reports.add(100, { origin: ALLOWED });
    s.gate.push(key(500));
    pumpAt(s, 599);
    expect(s.gate.pending).toBe(1);
    s.reports.add(600, { origin: ALLOWED }); // newer than the event, but within the report guard
    pumpAt(s, 610);
    expect(s.gate.pending).toBe(1);
    s.reports.add(601 + REPORT_GUARD, { origin: ALLOWED });
    pumpAt(s, 700);
    expect(s.kept.map((k) => k.event.time)).toEqual([500]);
    expect(s.kept[0]!.policy.sites).toEqual(['127.0.0.1:8001']);
  });

  it('drops a key on another site (site-denied), in a private window (private-window) and on Cairn’s own page (cairn-window)', () => {
    for (const [fields, reason] of [
      [{ origin: OTHER }, 'site-denied'],
      [{ origin: null }, 'site-denied'],
      [{ origin: ALLOWED, incognito: true }, 'private-window'],
      [{ origin: CAIRN }, 'cairn-window'],
    ] as const) {
      const s = makeGate([policy('Chromium', ['127.0.0.1:8001', '127.0.0.1:9999'])]);
      s.timeline.record({ time: 0, window: browser() });
      s.reports.add(100, fields);
      s.gate.push(key(500));
      pumpAt(s, 540);
      expect(s.kept, reason).toHaveLength(0);
      expect(s.gate.dropped[reason], reason).toBe(1);
    }
  });

  it('drops as site-unknown a browser window no report pairs with (a private window the extension cannot see, another profile) and one whose reports stop', () => {
    const unpaired = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
    unpaired.timeline.record({ time: 0, window: { ...browser(), bounds: { ...BOUNDS, width: 640 } } });
    unpaired.reports.add(100, { origin: ALLOWED });
    unpaired.gate.push(key(500));
    pumpAt(unpaired, 540);
    expect(unpaired.gate.dropped['site-unknown']).toBe(1);

    const titled = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
    titled.timeline.record({ time: 0, window: browser('Quarterly Figures - Chromium') });
    titled.reports.add(100, { origin: ALLOWED, title: 'Tab' });
    titled.gate.push(key(500));
    pumpAt(titled, 540);
    expect(titled.gate.dropped['site-unknown']).toBe(1);

    const silent = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
    silent.timeline.record({ time: 0, window: browser() });
    silent.reports.add(100, { origin: ALLOWED });
    silent.gate.push(key(500));
    pumpAt(silent, 500 + HOLD - 1);
    expect(silent.gate.pending).toBe(1);
    pumpAt(silent, 500 + HOLD);
    expect(silent.kept).toHaveLength(0);
    expect(silent.gate.dropped['site-unknown']).toBe(1);
  });

  it('drops a key right after a tab switch until a report says where it went: from another site it is dropped, on the listed site after the report it is kept', () => {
    const s = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
    s.timeline.record({ time: 0, window: browser() });
    s.reports.add(100, { origin: OTHER });
    // The switch to the listed site happens at 1000; its report arrives 20 ms later.
    s.gate.push(key(1005));
    s.reports.add(1020, { origin: ALLOWED });
    s.gate.push(key(1020 + REPORT_GUARD + 1));
    s.reports.add(1500, { origin: ALLOWED });
    pumpAt(s, 1500);
    expect(s.kept.map((k) => k.event.time)).toEqual([1020 + REPORT_GUARD + 1]);
    expect(s.gate.dropped['site-denied']).toBe(1);
  });

  it('drops a key typed just before a switch to another site whose report came within the guard, even if a later report says the listed site again', () => {
    const s = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
    s.timeline.record({ time: 0, window: browser() });
    s.reports.add(100, { origin: ALLOWED });
    s.gate.push(key(500));
    s.reports.add(540, { origin: OTHER });
    s.reports.add(580, { origin: ALLOWED });
    s.reports.add(1000, { origin: ALLOWED });
    pumpAt(s, 1000);
    expect(s.kept).toHaveLength(0);
    expect(s.gate.dropped['site-denied']).toBe(1);
  });

  it('keeps input of other allowed apps at once, whatever the browser reports', () => {
    const s = makeGate([policy('Chromium', ['127.0.0.1:8001']), policy('XTerm')]);
    s.timeline.record({ time: 0, window: xterm });
    s.gate.push(key(500));
    pumpAt(s, 500 + GUARD);
    expect(s.kept).toHaveLength(1);
  });
});

describe('consent gate: a browser allowed whole', () => {
  it('with the extension heard, records every site but drops private windows, Cairn’s page and windows it does not report', () => {
    for (const [fields, bounds, outcome] of [
      [{ origin: OTHER }, BOUNDS, 'kept'],
      [{ origin: null }, BOUNDS, 'kept'],
      [{ origin: OTHER, incognito: true }, BOUNDS, 'private-window'],
      [{ origin: CAIRN }, BOUNDS, 'cairn-window'],
      [{ origin: OTHER }, { ...BOUNDS, x: 5 }, 'site-unknown'],
    ] as const) {
      const s = makeGate([policy('Chromium')]);
      s.timeline.record({ time: 0, window: { ...browser(), bounds } });
      s.reports.add(100, fields);
      s.gate.push(key(200));
      s.reports.add(400, fields);
      pumpAt(s, 400);
      expect(s.kept.length ? 'kept' : Object.entries(s.gate.dropped).find(([, n]) => n > 0)?.[0]).toBe(outcome);
    }
  });

  it('without the extension, records nothing of a browser allowed whole, and says why once the extension had its chance', () => {
    const s = makeGate([policy('Chromium')], { expectReportsBy: 1500, withoutExtension: true });
    s.timeline.record({ time: 0, window: browser('Quarterly Figures - Chromium') });
    s.gate.push(key(100));
    pumpAt(s, 100 + HOLD);
    expect(s.judge.extensionUnheard).toBe(false);
    s.gate.push(key(2000));
    pumpAt(s, 2000 + HOLD);
    // A private window whose page has loaded is titled like this one: without reports it cannot be
    // told apart, so nothing of the browser is kept.
    expect(s.kept).toHaveLength(0);
    expect(s.gate.dropped['site-unknown']).toBe(2);
    expect(s.judge.extensionUnheard).toBe(true);
  });

  it('without the extension, records nothing of a browser allowed for named sites, and says why', () => {
    const s = makeGate([policy('Chromium', ['127.0.0.1:8001'])], { expectReportsBy: 1500, withoutExtension: true });
    s.timeline.record({ time: 0, window: browser() });
    s.gate.push(key(2000));
    pumpAt(s, 2000 + HOLD);
    expect(s.kept).toHaveLength(0);
    expect(s.gate.dropped['site-unknown']).toBe(1);
    expect(s.judge.extensionUnheard).toBe(true);
  });

  it('keeps an XTerm whatever the extension does: the rule is for browsers', () => {
    const s = makeGate([policy('XTerm')], { expectReportsBy: 1500, withoutExtension: true });
    s.timeline.record({ time: 0, window: xterm });
    s.gate.push(key(2000));
    pumpAt(s, 2000 + HOLD);
    expect(s.kept.map((k) => k.event.time)).toEqual([2000]);
    expect(s.judge.extensionUnheard).toBe(false);
  });
});

describe('consent gate: site consent holds whatever the timing (property)', () => {
  // A browser window whose active tab changes between sites (listed, other, private) at random
  // moments; the extension reports each change and a heartbeat every 500 ms, each built up to 5 ms
  // after the moment it describes and delivered up to 60 ms later (within the report guard).
  const states = [
    { origin: ALLOWED, incognito: false, ok: true },
    { origin: OTHER, incognito: false, ok: false },
    { origin: ALLOWED, incognito: true, ok: false },
    { origin: null, incognito: false, ok: false },
  ];
  const scenario = fc.record({
    switches: fc.array(fc.record({ gap: fc.integer({ min: 20, max: 900 }), state: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 12 }),
    keys: fc.array(fc.integer({ min: 0, max: 8000 }), { minLength: 1, maxLength: 60 }),
    build: fc.integer({ min: 0, max: 5 }),
    delivery: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 8 }),
  });

  it('never keeps a key typed while the active tab was on another site, private, or not a site', () => {
    fc.assert(
      fc.property(scenario, ({ switches, keys, build, delivery }) => {
        let t = 0;
        const truth = [{ time: -1000, state: 0 }, ...switches.map((w) => ({ time: (t += w.gap), state: w.state }))];
        const stateAt = (time: number) => states[[...truth].reverse().find((c) => c.time <= time)!.state]!;
        // Reports: at each switch and on the heartbeat, arriving in order.
        const builtAt = [...truth.map((c) => c.time + build), ...Array.from({ length: 20 }, (_, i) => i * 500 - 900)].sort((a, b) => a - b);
        const s = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
        s.timeline.record({ time: -2000, window: browser() });
        let arrived = Number.NEGATIVE_INFINITY;
        builtAt.forEach((b, i) => {
          arrived = Math.max(arrived, b + delivery[i % delivery.length]!);
          const { origin, incognito } = stateAt(b);
          s.reports.add(arrived, { origin, incognito });
        });
        for (const k of [...keys].sort((a, b) => a - b)) s.gate.push(key(k));
        pumpAt(s, 20_000);
        for (const k of s.kept) expect(stateAt(k.event.time).ok, `key at ${k.event.time}`).toBe(true);
        expect(s.gate.pending).toBe(0);
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every key typed on the listed site away from any switch, once reports newer than it arrived', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1000, max: 8000 }), { minLength: 1, maxLength: 40 }), (keys) => {
        const s = makeGate([policy('Chromium', ['127.0.0.1:8001'])]);
        s.timeline.record({ time: 0, window: browser() });
        for (let at = 50; at < 9000; at += 500) s.reports.add(at, { origin: ALLOWED });
        for (const k of [...keys].sort((a, b) => a - b)) s.gate.push(key(k));
        pumpAt(s, 9000);
        expect(s.kept).toHaveLength(keys.length);
      }),
      { numRuns: 200 },
    );
  });
});
