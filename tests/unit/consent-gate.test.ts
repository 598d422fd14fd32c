import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AppPolicy, deniedPolicy, policyLookup } from '../../src/core/app-policy.ts';
import { ConsentGate, type KeptEvent } from '../../src/core/consent-gate.ts';
import { FocusTimeline } from '../../src/core/focus-timeline.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import type { WindowInfo } from '../../src/core/window-info.ts';
import { WindowJudge } from '../../src/core/window-decision.ts';

const GUARD = 30;
const window = (app: string, id = app): WindowInfo => ({
  windowId: id,
  app,
  title: `${app} title`,
  bounds: { x: 0, y: 0, width: 1000, height: 1000 },
});
const allow = (app: string): AppPolicy => ({ app, allowed: true, keys: 'full', screens: 'on', titles: 'keep' });
const key = (time: number, keycode = 30, arrivedAt = time): InputEvent => ({
  kind: 'key-down',
  time,
  arrivedAt,
  keycode,
  mods: NO_MODIFIERS,
});

function makeGate(policies: AppPolicy[], extra: Partial<ConstructorParameters<typeof ConsentGate>[0]> = {}) {
  const timeline = new FocusTimeline();
  const kept: KeptEvent[] = [];
  const lookup = policyLookup(policies);
  const judge = new WindowJudge({
    rules: { policyOf: (w) => lookup(w.app), isBrowser: () => false, isPrivateTitle: () => false },
    isOwnWindow: (w) => w.windowId === 'own',
  });
  const gate = new ConsentGate({
    timeline,
    judge,
    onKept: (k) => kept.push(k),
    transitionGuardMs: GUARD,
    maxHoldMs: 500,
    ...extra,
  });
  return { timeline, gate, kept };
}

describe('consent gate', () => {
  it('keeps input of an allowed app once the watcher vouches for its moment', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 100, window: window('Allowed') });
    gate.push(key(200));
    gate.pump(200);
    expect(kept).toHaveLength(0); // not yet proven: the watermark is behind the event
    timeline.advance(200 + GUARD);
    gate.pump(210);
    expect(kept.map((k) => k.segment.window.app)).toEqual(['Allowed']);
  });

  it('drops input of a denied app and of apps never configured', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed'), deniedPolicy('Denied')]);
    timeline.record({ time: 100, window: window('Denied') });
    timeline.record({ time: 300, window: window('Unknown') });
    timeline.advance(1000);
    gate.push(key(200));
    gate.push(key(400));
    gate.pump(1000);
    expect(kept).toHaveLength(0);
    expect(gate.dropped['app-denied']).toBe(2);
  });

  it('drops input when focus is unknown or no window has focus', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 100, window: null });
    timeline.advance(1000);
    gate.push(key(50));
    gate.push(key(150));
    gate.pump(1000);
    expect(kept).toHaveLength(0);
    expect(gate.dropped['focus-unknown']).toBe(2);
  });

  it('drops input the watcher never vouches for (stale) instead of guessing', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 100, window: window('Allowed') });
    gate.push(key(200, 30, 0));
    gate.pump(499);
    expect(gate.pending).toBe(1);
    gate.pump(500);
    expect(kept).toHaveLength(0);
    expect(gate.dropped['focus-stale']).toBe(1);
  });

  it('drops input just before a focus change, where the window manager may announce it late', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed'), allow('Other')]);
    timeline.record({ time: 100, window: window('Allowed') });
    timeline.record({ time: 220, window: window('Other') });
    timeline.advance(1000);
    gate.push(key(150));
    gate.push(key(200));
    gate.pump(1000);
    expect(kept.map((k) => k.event.time)).toEqual([150]);
    expect(gate.dropped['focus-transition']).toBe(1);
  });

  it('keeps the key that made its own window retitle itself, each with the title current at its moment', () => {
    const { timeline, gate, kept } = makeGate([allow('Mousepad')]);
    const editor = window('Mousepad', 'w1');
    timeline.record({ time: 100, window: { ...editor, title: 'Untitled 1 - Mousepad' } });
    // The first character makes the editor retitle itself 5 ms later, well inside the guard.
    timeline.record({ time: 205, window: { ...editor, title: '*Untitled 1 - Mousepad' } });
    timeline.advance(1000);
    gate.push(key(200));
    gate.push(key(260));
    gate.pump(1000);
    expect(kept.map((k) => [k.event.time, k.segment.window.title])).toEqual([
      [200, 'Untitled 1 - Mousepad'],
      [260, '*Untitled 1 - Mousepad'],
    ]);
    expect(gate.dropped['focus-transition']).toBe(0);
  });

  it('still drops input after its window retitles into a private-window title', () => {
    const lookup = policyLookup([allow('Chromium')]);
    const judge = new WindowJudge({ rules: { policyOf: (w) => lookup(w.app), isBrowser: () => false, isPrivateTitle: (t) => /Incognito/.test(t) }, isOwnWindow: () => false });
    const { timeline, gate, kept } = makeGate([], { judge });
    const browser = window('Chromium', 'w1');
    timeline.record({ time: 100, window: browser });
    timeline.record({ time: 300, window: { ...browser, title: 'New Incognito Tab - Chromium' } });
    timeline.advance(1000);
    gate.push(key(200));
    gate.push(key(310));
    gate.pump(1000);
    expect(kept.map((k) => k.event.time)).toEqual([200]);
    expect(gate.dropped['private-window']).toBe(1);
  });

  it('drops input while the keyboard goes to another client, and guards the moments before it goes', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    const allowed = window('Allowed', 'w1');
    timeline.record({ time: 100, window: allowed });
    timeline.record({ time: 300, window: allowed, inputElsewhere: true }); // a launcher grabbed the keyboard
    timeline.record({ time: 500, window: allowed }); // and let it go
    timeline.advance(1000);
    for (const t of [200, 290, 350, 480, 600]) gate.push(key(t));
    gate.pump(1000);
    expect(kept.map((k) => k.event.time)).toEqual([200, 600]);
    expect(gate.dropped['focus-transition']).toBe(2);
    expect(gate.dropped['input-elsewhere']).toBe(1);
  });

  it('never records Cairn’s own windows, even if their app is allowed', () => {
    const { timeline, gate, kept } = makeGate([allow('XTerm')]);
    timeline.record({ time: 100, window: window('XTerm', 'own') });
    timeline.advance(1000);
    gate.push(key(200));
    gate.pump(1000);
    expect(kept).toHaveLength(0);
    expect(gate.dropped['cairn-window']).toBe(1);
  });

  it('drops clicks outside the focused window', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 100, window: window('Allowed') });
    timeline.advance(1000);
    const click = (x: number): InputEvent => ({ kind: 'mouse-down', time: 200, arrivedAt: 200, x, y: 10, button: 1, clicks: 1, mods: NO_MODIFIERS });
    gate.push(click(10));
    gate.push(click(5000));
    gate.pump(1000);
    expect(kept).toHaveLength(1);
    expect(gate.dropped['outside-window']).toBe(1);
  });

  it('drops keys of an app whose keys policy is off, and keeps clicks there', () => {
    const { timeline, gate, kept } = makeGate([{ ...allow('Allowed'), keys: 'off' }]);
    timeline.record({ time: 100, window: window('Allowed') });
    timeline.advance(1000);
    gate.push(key(200));
    gate.push({ kind: 'mouse-down', time: 210, arrivedAt: 210, x: 1, y: 1, button: 1, clicks: 1, mods: NO_MODIFIERS });
    gate.pump(1000);
    expect(kept.map((k) => k.event.kind)).toEqual(['mouse-down']);
    expect(gate.dropped['keys-off']).toBe(1);
  });

  it('swallows Cairn hotkeys together with the modifier presses that built them', () => {
    const hotkeys: string[] = [];
    const { timeline, gate, kept } = makeGate([allow('Allowed')], { onHotkey: (h) => hotkeys.push(h.action) });
    timeline.record({ time: 0, window: window('Allowed') });
    const mods = { ctrl: true, alt: true, shift: true, meta: false };
    const seq: InputEvent[] = [
      { kind: 'key-down', time: 100, arrivedAt: 100, keycode: 29, mods: { ...NO_MODIFIERS, ctrl: true } },
      { kind: 'key-down', time: 110, arrivedAt: 110, keycode: 56, mods: { ...NO_MODIFIERS, ctrl: true, alt: true } },
      { kind: 'key-down', time: 120, arrivedAt: 120, keycode: 42, mods },
      { kind: 'key-down', time: 130, arrivedAt: 130, keycode: 19, mods },
      { kind: 'key-up', time: 140, arrivedAt: 140, keycode: 19, mods },
      { kind: 'key-up', time: 150, arrivedAt: 150, keycode: 42, mods },
      { kind: 'key-up', time: 160, arrivedAt: 160, keycode: 56, mods },
      { kind: 'key-up', time: 170, arrivedAt: 170, keycode: 29, mods: NO_MODIFIERS },
      key(300, 30),
    ];
    for (const e of seq) gate.push(e);
    timeline.advance(1000);
    gate.pump(1000);
    expect(hotkeys).toEqual(['toggle-record']);
    expect(kept.map((k) => k.event.time)).toEqual([300]);
    expect(gate.dropped['control-key']).toBe(8);
  });

  it('drops what happened before a resume or a forget but arrives after it, by its own time', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 100, window: window('Allowed') });
    gate.paused = true;
    gate.push(key(200, 30)); // heard while paused
    gate.paused = false;
    const resumed = gate.dropThrough('paused');
    gate.push(key(250, 31)); // typed while paused, heard after the resume
    gate.push(key(301, 32)); // typed after it
    timeline.advance(1000);
    gate.pump(400);
    expect(kept).toHaveLength(0); // the resume's round trip has not answered: nothing is judged yet
    resumed(300);
    const forgot = gate.dropThrough('forgotten');
    gate.push(key(399, 33)); // typed before a forget, heard after it
    forgot(400);
    gate.push(key(401, 34));
    gate.pump(420);
    expect(kept.map((k) => (k.event as { keycode: number }).keycode)).toEqual([32, 34]);
    expect(gate.dropped.paused).toBe(2);
    expect(gate.dropped.forgotten).toBe(1);
  });

  it('drops as stale what waited for a resume round trip that never answered', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 100, window: window('Allowed') });
    gate.dropThrough('paused');
    gate.push(key(300, 31, 300));
    timeline.advance(1000);
    gate.pump(700);
    expect(kept).toHaveLength(0);
    expect(gate.pending).toBe(1);
    gate.pump(800); // maxHoldMs (500) after it arrived
    expect(gate.pending).toBe(0);
    expect(gate.dropped['focus-stale']).toBe(1);
  });

  it('recognises the resume hotkey while paused and keeps none of its modifier releases', () => {
    const hotkeys: string[] = [];
    const { timeline, gate, kept } = makeGate([allow('Allowed')], { onHotkey: (h) => hotkeys.push(h.action) });
    timeline.record({ time: 0, window: window('Allowed') });
    gate.paused = true;
    const mods = { ctrl: true, alt: true, shift: true, meta: false };
    gate.push({ kind: 'key-down', time: 100, arrivedAt: 100, keycode: 29, mods: { ...NO_MODIFIERS, ctrl: true } });
    gate.push({ kind: 'key-down', time: 101, arrivedAt: 101, keycode: 56, mods: { ...NO_MODIFIERS, ctrl: true, alt: true } });
    gate.push({ kind: 'key-down', time: 102, arrivedAt: 102, keycode: 42, mods });
    timeline.advance(1000);
    gate.pump(5000); // the paused presses leave the queue before the hotkey arrives
    gate.push({ kind: 'key-down', time: 110, arrivedAt: 5000, keycode: 25, mods });
    gate.paused = false;
    for (const [i, code] of [25, 42, 56, 29].entries()) gate.push({ kind: 'key-up', time: 120 + i, arrivedAt: 5000, keycode: code, mods: NO_MODIFIERS });
    gate.pump(5000);
    expect(hotkeys).toEqual(['toggle-pause']);
    expect(kept).toEqual([]);
  });

  it('keeps an ordinary Shift+letter (a held modifier is released once a key follows)', () => {
    const { timeline, gate, kept } = makeGate([allow('Allowed')]);
    timeline.record({ time: 0, window: window('Allowed') });
    gate.push({ kind: 'key-down', time: 100, arrivedAt: 100, keycode: 42, mods: { ...NO_MODIFIERS, shift: true } });
    timeline.advance(1000);
    gate.pump(1000 - 1);
    expect(kept).toHaveLength(0); // waits: this Shift could start a hotkey
    gate.push({ kind: 'key-down', time: 110, arrivedAt: 110, keycode: 30, mods: { ...NO_MODIFIERS, shift: true } });
    gate.pump(1000);
    expect(kept.map((k) => k.event.kind === 'key-down' && k.event.keycode)).toEqual([42, 30]);
  });
});

// Property: over random interleavings of focus changes and input, with the window manager
// announcing each change up to GUARD ms late and the watcher possibly stalling, a kept event is
// always one whose true owner is allowed, attributed to that very window; nothing is lost silently.
describe('consent gate properties', () => {
  const apps = ['Allowed', 'AlsoAllowed', 'Denied', 'Private'];
  const policies = [allow('Allowed'), allow('AlsoAllowed')];

  const scenario = fc.record({
    changes: fc.array(
      fc.record({ gap: fc.integer({ min: 1, max: 400 }), app: fc.constantFrom(...apps, null), lag: fc.integer({ min: 0, max: GUARD }), retitle: fc.boolean() }),
      { minLength: 1, maxLength: 30 },
    ),
    events: fc.array(fc.record({ time: fc.integer({ min: 0, max: 12_000 }), keycode: fc.integer({ min: 1, max: 80 }) }), { maxLength: 200 }),
    stallAt: fc.option(fc.integer({ min: 0, max: 12_000 }), { nil: undefined }),
  });

  it('never attributes an event to a window that did not have focus, and counts every drop', () => {
    fc.assert(
      fc.property(scenario, ({ changes, events, stallAt }) => {
        // Ground truth: the window with focus from each true change time.
        // The window manager announces changes in the order they happened, each up to GUARD ms late.
        // A change may be a retitle of the window that has focus (the same window, a new title).
        let t = 0;
        let lastAnnounced = 0;
        let current: WindowInfo | null = null;
        const truth = changes.map((c, i) => {
          t += c.gap;
          lastAnnounced = Math.max(lastAnnounced, t + c.lag);
          current = c.retitle && current ? { ...current, title: `title ${i}` } : c.app === null ? null : window(c.app, `w${i}`);
          return { time: t, announced: lastAnnounced, window: current };
        });
        const trueOwner = (time: number) => [...truth].reverse().find((c) => c.time <= time)?.window ?? undefined;
        const { timeline, gate, kept } = makeGate(policies);
        const announcements = truth.map((c) => ({ time: c.announced, window: c.window }));
        const sorted = [...events].sort((a, b) => a.time - b.time);
        let a = 0;
        for (const e of sorted) {
          while (a < announcements.length && announcements[a]!.time <= e.time) timeline.record(announcements[a++]!);
          gate.push(key(e.time, e.keycode, e.time));
          if (stallAt === undefined || e.time < stallAt) timeline.advance(e.time);
          gate.pump(e.time);
        }
        while (a < announcements.length) timeline.record(announcements[a++]!);
        if (stallAt === undefined) timeline.advance(Number.MAX_SAFE_INTEGER);
        gate.pump(Number.MAX_SAFE_INTEGER);

        for (const k of kept) {
          const owner = trueOwner(k.event.time);
          expect(owner).toBeDefined();
          expect(k.segment.window.windowId).toBe(owner!.windowId);
          expect(['Allowed', 'AlsoAllowed']).toContain(owner!.app);
          if (stallAt !== undefined) expect(k.event.time + GUARD).toBeLessThanOrEqual(Math.max(stallAt, ...truth.map((c) => c.announced)));
        }
        const dropped = Object.values(gate.dropped).reduce((x, y) => x + y, 0);
        expect(kept.length + dropped).toBe(events.length);
        expect(gate.pending).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every event of an allowed app that is clear of any focus change while the watcher keeps up', () => {
    fc.assert(
      fc.property(scenario, ({ changes, events }) => {
        let t = 0;
        const truth = changes.map((c, i) => {
          t += c.gap;
          return { time: t, window: c.app === null ? null : window(c.app, `w${i}`) };
        });
        const { timeline, gate, kept } = makeGate(policies);
        for (const c of truth) timeline.record(c);
        timeline.advance(Number.MAX_SAFE_INTEGER);
        for (const e of events) gate.push(key(e.time, e.keycode, 0));
        gate.pump(Number.MAX_SAFE_INTEGER);
        const keptTimes = new Set(kept.map((k) => k.event.time));
        for (const e of events) {
          const owner = [...truth].reverse().find((c) => c.time <= e.time);
          const clear = !truth.some((c) => c.time > e.time && c.time <= e.time + GUARD);
          if (owner?.window && policies.some((p) => p.app === owner.window!.app) && clear) {
            expect(keptTimes.has(e.time)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
