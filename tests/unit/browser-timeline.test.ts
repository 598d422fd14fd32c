import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BrowserReport } from '../../src/core/browser-report.ts';
import { BrowserTimeline, DECORATION_MARGIN, pairDistance, titleAgrees } from '../../src/core/browser-timeline.ts';
import { EventClockEstimate } from '../../src/core/event-clock-estimate.ts';
import type { Bounds } from '../../src/core/window-info.ts';

const LEFT: Bounds = { x: 0, y: 0, width: 640, height: 800 };
const RIGHT: Bounds = { x: 640, y: 0, width: 640, height: 800 };

function report(id: number, bounds: Bounds, origin: string | null, extra: Partial<BrowserReport> = {}): BrowserReport {
  return { seq: id, at: 0, browserWindowId: id, bounds, incognito: false, focused: false, origin, title: `Page ${id}`, ...extra };
}

describe('browser timeline', () => {
  it('pairs an X window with the browser window of the same geometry and answers its latest origin', () => {
    const t = new BrowserTimeline();
    t.record('a', 100, [report(1, LEFT, 'https://mail.example'), report(2, RIGHT, 'https://bank.example')]);
    t.record('a', 200, [report(1, LEFT, 'https://chat.example'), report(2, RIGHT, 'https://bank.example')]);
    expect(t.latestFor({ bounds: LEFT })?.origin).toBe('https://chat.example');
    expect(t.latestFor({ bounds: RIGHT })?.origin).toBe('https://bank.example');
    expect(t.latestFor({ bounds: LEFT })?.at).toBe(200);
  });

  it('answers the report in force at an earlier time, and none before the first report', () => {
    const t = new BrowserTimeline();
    t.record('a', 100, [report(1, LEFT, 'https://mail.example')]);
    t.record('a', 200, [report(1, LEFT, 'https://chat.example')]);
    expect(t.latestFor({ bounds: LEFT }, 150)?.origin).toBe('https://mail.example');
    expect(t.latestFor({ bounds: LEFT }, 200)?.origin).toBe('https://chat.example');
    expect(t.latestFor({ bounds: LEFT }, 99)).toBeNull();
  });

  it('gives the history the gate reads: the paired window’s report in force at a time and every later one, of every window that pairs as well, none when none pairs then', () => {
    const t = new BrowserTimeline();
    t.record('a', 100, [report(1, LEFT, 'https://mail.example'), report(2, RIGHT, 'https://bank.example')]);
    t.record('a', 200, [report(1, LEFT, 'https://chat.example'), report(2, RIGHT, 'https://bank.example')]);
    t.record('a', 300, [report(1, LEFT, 'https://mail.example'), report(2, RIGHT, 'https://bank.example')]);
    expect(t.historyFrom({ bounds: LEFT }, 150)?.map((r) => [r.at, r.origin])).toEqual([[100, 'https://mail.example'], [200, 'https://chat.example'], [300, 'https://mail.example']]);
    expect(t.historyFrom({ bounds: LEFT }, 250)?.map((r) => r.at)).toEqual([200, 300]);
    expect(t.historyFrom({ bounds: LEFT }, 99)).toBeNull();
    expect(t.historyFrom({ bounds: LEFT, title: 'Another page - Chromium' }, 150)).toBeNull();
    // Two windows of one geometry (one behind the other): the reports of both, in arrival order.
    const twins = new BrowserTimeline();
    twins.record('a', 100, [report(1, LEFT, 'https://mail.example', { title: 'Same' }), report(2, LEFT, 'https://bank.example', { title: 'Same' })]);
    expect(twins.historyFrom({ bounds: LEFT, title: 'Same - Chromium' }, 100)?.map((r) => r.origin).sort()).toEqual(['https://bank.example', 'https://mail.example']);
  });

  it('keeps each source in order, but lets one source report an earlier moment than another did (its snapshot was held up)', () => {
    const t = new BrowserTimeline();
    t.record('a', 500, [report(1, LEFT, 'https://mail.example')]);
    t.record('b', 300, [report(2, RIGHT, 'https://bank.example')]);
    expect(t.latestFor({ bounds: RIGHT })?.at).toBe(300);
    t.record('b', 200, [report(2, RIGHT, 'https://chat.example')]);
    expect(t.latestFor({ bounds: RIGHT })).toMatchObject({ at: 300, origin: 'https://chat.example' });
  });

  it('tells whether any snapshot arrived after a time, an empty one included', () => {
    const t = new BrowserTimeline();
    expect(t.hasReportAfter(0)).toBe(false);
    t.record('a', 100, [report(1, LEFT, 'https://mail.example')]);
    expect(t.hasReportAfter(99)).toBe(true);
    expect(t.hasReportAfter(100)).toBe(false);
    t.record('a', 300, []);
    expect(t.hasReportAfter(250)).toBe(true);
  });

  it('forgets a window missing from a later snapshot from that moment on, and every window of a source that closed', () => {
    const t = new BrowserTimeline();
    t.record('a', 100, [report(1, LEFT, 'https://mail.example'), report(2, RIGHT, 'https://bank.example')]);
    t.record('a', 200, [report(2, RIGHT, 'https://bank.example')]);
    expect(t.latestFor({ bounds: LEFT })).toBeNull();
    expect(t.latestFor({ bounds: LEFT }, 150)?.origin).toBe('https://mail.example');
    t.closeSource('a', 300);
    expect(t.latestFor({ bounds: RIGHT })).toBeNull();
    expect(t.latestFor({ bounds: RIGHT }, 250)?.origin).toBe('https://bank.example');
  });

  it('keeps two browsers apart even when their window ids are equal', () => {
    const t = new BrowserTimeline();
    t.record('chromium', 100, [report(1, LEFT, 'https://mail.example')]);
    t.record('chrome', 110, [report(1, RIGHT, 'https://bank.example')]);
    t.record('chromium', 120, [report(1, LEFT, 'https://mail.example')]);
    expect(t.latestFor({ bounds: RIGHT })?.origin).toBe('https://bank.example');
  });

  it('refuses to choose between windows of equal geometry that show different sites', () => {
    const t = new BrowserTimeline();
    t.record('a', 100, [report(1, LEFT, 'https://mail.example', { title: 'Inbox' }), report(2, LEFT, 'https://bank.example', { title: 'Inbox' })]);
    expect(t.latestFor({ bounds: LEFT })).toBeNull();
    expect(t.latestFor({ bounds: LEFT, title: 'Inbox - Chromium' })).toBeNull();
  });

  it('uses the X title to tell windows of equal geometry apart, and to refuse a window the extension does not report', () => {
    const t = new BrowserTimeline();
    t.record('a', 100, [report(1, LEFT, 'https://mail.example', { title: 'Inbox' }), report(2, LEFT, 'https://bank.example', { title: 'Accounts' })]);
    expect(t.latestFor({ bounds: LEFT, title: 'Accounts – Chromium' })?.origin).toBe('https://bank.example');
    // A private window of the same size, which the extension cannot see: its title pairs with neither.
    expect(t.latestFor({ bounds: LEFT, title: 'Quarterly Figures - Chromium' })).toBeNull();
  });

  it('pairs a client window that sits inside the reported bounds by a window frame, and nothing further off', () => {
    const outer: Bounds = { x: 100, y: 100, width: 800, height: 600 };
    const framed: Bounds = { x: 104, y: 130, width: 792, height: 566 };
    expect(pairDistance(outer, outer)).toBe(0);
    expect(pairDistance(outer, framed)).toBe(4 + 30 + 4 + 4);
    expect(pairDistance(outer, { ...outer, x: 40 })).toBeNull();
    expect(pairDistance(outer, { ...outer, y: 100 + DECORATION_MARGIN.top + 10, height: 500 })).toBeNull();
    // Larger than the browser says: not this window.
    expect(pairDistance(outer, { x: 90, y: 90, width: 820, height: 620 })).toBeNull();
  });

  it('pairs any window with itself, and never with a window that does not overlap it', () => {
    const bounds = fc.record({ x: fc.integer({ min: -2000, max: 4000 }), y: fc.integer({ min: -2000, max: 4000 }), width: fc.integer({ min: 1, max: 4000 }), height: fc.integer({ min: 1, max: 4000 }) });
    fc.assert(
      fc.property(bounds, bounds, (a, b) => {
        expect(pairDistance(a, a)).toBe(0);
        const disjoint = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        if (disjoint) expect(pairDistance(a, b)).toBeNull();
      }),
    );
  });

  it('stays within its limits however many reports and windows come', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 400 }), (steps) => {
        const t = new BrowserTimeline({ reportsPerWindow: 4, windows: 8, keepClosedMs: 50 });
        let at = 0;
        for (const [id, close] of steps) {
          at += 10;
          t.record(close ? 'b' : 'a', at, [report(id, { x: id * 10, y: 0, width: 100, height: 100 }, 'https://a.example')]);
        }
        expect(t.size).toBeLessThanOrEqual(8);
      }),
    );
  });

  it('compares titles with whitespace collapsed, as browsers show them', () => {
    expect(titleAgrees('Mail  and\tchat - Chromium', 'Mail and chat')).toBe(true);
    expect(titleAgrees('Other - Chromium', 'Mail')).toBe(false);
    expect(titleAgrees('Anything - Chromium', '')).toBe(true);
  });
});

describe('event clock estimate', () => {
  it('reads the event clock between watermarks without ever running ahead of it', () => {
    // The true event clock is monotonic time + 5000; each watermark is seen 0..20 ms after its time.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 200_000 }), (marks, probe) => {
        const clock = new EventClockEstimate();
        for (const [mono, delay] of marks) clock.observe(mono + 5000, mono + delay);
        const estimate = clock.at(probe)!;
        expect(estimate).toBeLessThanOrEqual(probe + 5000);
        const tightest = Math.min(...marks.map(([, d]) => d));
        expect(estimate).toBeGreaterThanOrEqual(probe + 5000 - tightest - 1);
      }),
    );
  });

  it('knows nothing before its first observation', () => {
    expect(new EventClockEstimate().at(10)).toBeUndefined();
  });
});
