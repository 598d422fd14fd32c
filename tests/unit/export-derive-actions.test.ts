// Action derivation: steps from raw events, by example and as properties over random event streams.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventRow, WindowRow } from '../../src/core/stored-rows.ts';
import { REDACTED_CHAR } from '../../src/shared/redaction-mark.ts';
import { type ActionSource, deriveActions } from '../../src/export/actions/derive-actions.ts';
import { BUILTIN_US_LAYOUT, type KeyboardLayout } from '../../src/shared/keyboard-layout.ts';
import type { PairableFrame } from '../../src/export/actions/frame-pairing.ts';
import { keyName } from '../../src/shared/key-names.ts';

const WINDOWS: WindowRow[] = [
  { seq: 1, t: 0, app: 'XTerm', title: 'Terminal', x: 100, y: 50, width: 800, height: 600 },
  { seq: 2, t: 0, app: 'Gedit', title: null, x: 0, y: 0, width: 1280, height: 800 },
];
const FRAMES: PairableFrame[] = [
  { seq: 1, t: 0, windowSeq: 1, reason: 'focus', width: 800, height: 600 },
  { seq: 2, t: 5000, windowSeq: 1, reason: 'periodic', width: 800, height: 600 },
];

function session(events: Omit<EventRow, 'seq'>[], frames = FRAMES): ActionSource {
  return { events: events.map((e, i) => ({ seq: i + 1, ...e })), windows: WINDOWS, frames, layout: BUILTIN_US_LAYOUT };
}
const down = (t: number, x: number, y: number, button = 1, clicks = 1): Omit<EventRow, 'seq'> => ({ t, kind: 'mouse-down', windowSeq: 1, x, y, button, clicks, mods: 0 });
const up = (t: number, x: number, y: number, button = 1): Omit<EventRow, 'seq'> => ({ t, kind: 'mouse-up', windowSeq: 1, x, y, button, clicks: 1, mods: 0 });
const move = (t: number, x: number, y: number): Omit<EventRow, 'seq'> => ({ t, kind: 'mouse-move', windowSeq: 1, x, y, mods: 0 });
const key = (t: number, keycode: number | null, mods = 0, kind: 'key-down' | 'key-up' = 'key-down'): Omit<EventRow, 'seq'> => ({ t, kind, windowSeq: 1, keycode, mods });
const wheel = (t: number, rotation: number, axis: 'vertical' | 'horizontal' = 'vertical'): Omit<EventRow, 'seq'> => ({ t, kind: 'wheel', windowSeq: 1, x: 500, y: 300, rotation, axis, mods: 0 });

describe('deriveActions by example', () => {
  it('makes one left click at the pressed spot, normalised to the frame it is paired with', () => {
    const [click] = deriveActions(session([down(1000, 500, 350), up(1080, 500, 350)]));
    expect(click).toMatchObject({ kind: 'click', button: 'left', count: 1, frameSeq: 1, window: { app: 'XTerm' } });
    expect(click!.point).toEqual({ x: 500, y: 350, frameX: 400, frameY: 300, xNorm: 0.5, yNorm: 0.5 });
  });

  it('folds two and three quick clicks on one spot into a double and a triple click', () => {
    const steps = deriveActions(session([down(1000, 500, 350), up(1050, 500, 350), down(1200, 501, 350, 1, 2), up(1250, 501, 350), down(3000, 200, 200), up(3050, 200, 200), down(3200, 200, 200), up(3250, 200, 200), down(3400, 200, 200), up(3450, 200, 200)]));
    expect(steps.map((s) => s.kind === 'click' && s.count)).toEqual([2, 3]);
  });

  it('tells right and middle clicks apart by uiohook button (2 right, 3 middle)', () => {
    const steps = deriveActions(session([down(1000, 300, 300, 2), up(1050, 300, 300, 2), down(2000, 300, 300, 3), up(2050, 300, 300, 3)]));
    expect(steps.map((s) => s.kind === 'click' && s.button)).toEqual(['right', 'middle']);
  });

  it('turns a press that moves into a drag with its whole path', () => {
    const [drag] = deriveActions(session([down(1000, 200, 200), move(1020, 230, 210), move(1040, 300, 260), up(1060, 320, 280)]));
    expect(drag!.kind).toBe('drag');
    if (drag?.kind !== 'drag') return;
    expect(drag.path.map((p) => [p.x, p.y])).toEqual([[200, 200], [230, 210], [300, 260], [320, 280]]);
  });

  it('aggregates a run of wheel notches into one scroll with direction and amount', () => {
    const steps = deriveActions(session([wheel(1000, 1), wheel(1100, 1), wheel(1200, 1), wheel(2500, -2), wheel(2600, -1, 'horizontal')]));
    expect(steps.map((s) => s.kind === 'scroll' && [s.direction, s.amount])).toEqual([['down', 3], ['up', 2], ['left', 1]]);
  });

  it('rebuilds typed text through the layout, with Shift, and marks redacted keys', () => {
    const steps = deriveActions(session([key(1000, 42), key(1010, 35, 1), key(1020, 42, 0, 'key-up'), key(1030, 18), key(1040, null), key(1050, 38), key(1060, 28)]));
    expect(steps.map((s) => s.kind)).toEqual(['type', 'key']);
    expect(steps[0]).toMatchObject({ kind: 'type', text: `He${REDACTED_CHAR}l`, redacted: 1, flags: ['redacted-keys'] });
    expect(steps[1]).toMatchObject({ kind: 'key', key: 'enter' });
    expect(steps[0]!.seqs).toEqual([1, 2, 4, 5, 6]);
  });

  it('spells modifier combinations as hotkeys and a lone modifier as a key', () => {
    const steps = deriveActions(session([key(1000, 29), key(1010, 46, 2), key(1020, 46, 2, 'key-up'), key(1030, 29, 0, 'key-up'), key(2000, 3675), key(2100, 3675, 0, 'key-up'), key(2200, 15, 1)]));
    expect(steps.map((s) => (s.kind === 'hotkey' ? s.keys : s.kind === 'key' ? s.key : s.kind))).toEqual([['ctrl', 'c'], 'meta', ['shift', 'tab']]);
    expect(steps[0]!.seqs).toEqual([1, 2]);
  });

  it('types a Russian layout\'s text and names its shortcut keys by their Latin place (ctrl+с is ctrl+c)', () => {
    const ru: KeyboardLayout = {
      name: 'x11:evdev+ru',
      keys: { '34': ['п', 'П'], '19': ['р', 'Р'], '46': ['с', 'С'], '57': [' ', ' '] },
      names: { '34': 'g', '19': 'r', '46': 'c', '57': 'space', '29': 'ctrlleft' },
    };
    const steps = deriveActions({ ...session([key(1000, 34, 1), key(1010, 19), key(1020, 57), key(1030, 29), key(1040, 46, 2), key(1050, 29, 0, 'key-up')]), layout: ru });
    expect(steps.map((s) => (s.kind === 'hotkey' ? s.keys : s.kind === 'type' ? s.text : s.kind))).toEqual(['Пр ', ['ctrl', 'c']]);
  });

  it('types each key in the keyboard group it was pressed in (a layout switch mid-word)', () => {
    const ruUs: KeyboardLayout = { name: 'x11:evdev+ru,us', keys: { '46': ['с', 'С'], '30': ['ф', 'Ф'] }, groupKeys: [{ '46': ['c', 'C'], '30': ['a', 'A'] }] };
    const steps = deriveActions({ ...session([key(1000, 46), key(1010, 30, 0x10), key(1020, 46, 0x11), key(1030, 30)]), layout: ruUs });
    expect(steps.map((s) => s.kind === 'type' && s.text)).toEqual(['сaCф']);
  });

  it('types a dead key\'s accent on the next character, the dead key part of the same typing step', () => {
    const de: KeyboardLayout = { name: 'x11:evdev+de', keys: { '18': ['e', 'E'], '41': ['', '°'] }, dead: { '41': [{ e: 'ê', ' ': '^' }, null] } };
    const steps = deriveActions({ ...session([key(1000, 41), key(1010, 18), key(1020, 18)]), layout: de });
    expect(steps).toMatchObject([{ kind: 'type', text: 'êe', seqs: [1, 2, 3] }]);
  });

  it('types the third level while AltGr is held (alt+q on a German layout is @), AltGr joining the typing step', () => {
    const de: KeyboardLayout = { name: 'x11:evdev+de', keys: { '16': ['q', 'Q'], '30': ['a', 'A'] }, levelThreeShift: ['3640'], levelThree: { '16': ['@', 'Ω'] } };
    const steps = deriveActions({ ...session([key(1000, 30), key(1010, 3640, 4), key(1020, 16, 4), key(1030, 3640, 0, 'key-up'), key(1040, 30), key(2000, 56), key(2010, 16, 4)]), layout: de });
    expect(steps.map((s) => (s.kind === 'type' ? s.text : s.kind === 'hotkey' ? s.keys : s.kind))).toEqual(['a@a', ['alt', 'q']]);
    expect(steps[0]!.seqs).toEqual([1, 2, 3, 5]);
  });

  it('leaves out a key that has no name (uiohook\'s code 0, a key the keymap leaves empty) rather than invent one', () => {
    const layout: KeyboardLayout = { ...BUILTIN_US_LAYOUT, names: { '30': 'a', '29': 'ctrlleft' } };
    const steps = deriveActions({ ...session([key(1000, 30), key(1010, 0), key(1020, 105), key(1030, 105, 2), key(1040, 30)]), layout });
    expect(steps.map((s) => (s.kind === 'type' ? s.text : s.kind))).toEqual(['aa']);
    expect(JSON.stringify(steps)).not.toContain('keycode');
  });

  it('puts a wait step into a pause longer than the threshold', () => {
    const steps = deriveActions(session([key(1000, 30), key(6000, 30)]));
    expect(steps.map((s) => s.kind)).toEqual(['type', 'wait', 'type']);
    expect(steps[1]).toMatchObject({ kind: 'wait', t: 1000, ms: 5000 });
  });

  it('pairs a step with the latest frame before it, and a step before any frame with the first', () => {
    const frames: PairableFrame[] = [{ seq: 7, t: 2000, windowSeq: 1, reason: 'focus', width: 800, height: 600 }, { seq: 8, t: 4000, windowSeq: 1, reason: 'click', width: 800, height: 600 }];
    const steps = deriveActions(session([down(1000, 200, 200), up(1010, 200, 200), down(3000, 200, 200, 2), up(3010, 200, 200, 2), down(4000, 300, 300, 2), up(4010, 300, 300, 2)], frames));
    expect(steps.map((s) => [s.frameSeq, s.frameNote ?? null])).toEqual([[7, 'before-first-frame'], [7, null], [7, null]]);
  });
});

const KEYCODES = [30, 48, 46, 57, 2, 28, 14, 15, 1, 57416, 59, 58, 29, 42, 56, 3675, 4242];
const eventArb = fc.oneof(
  fc.record({ kind: fc.constantFrom('key-down' as const, 'key-up' as const), keycode: fc.option(fc.constantFrom(...KEYCODES), { nil: null, freq: 8 }), mods: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ kind: fc.constantFrom('mouse-down' as const, 'mouse-up' as const), x: fc.integer({ min: -50, max: 1400 }), y: fc.integer({ min: 0, max: 900 }), button: fc.integer({ min: 1, max: 3 }), clicks: fc.integer({ min: 1, max: 3 }), mods: fc.integer({ min: 0, max: 15 }) }),
  fc.record({ kind: fc.constant('mouse-move' as const), x: fc.integer({ min: 0, max: 1400 }), y: fc.integer({ min: 0, max: 900 }), mods: fc.constant(0) }),
  fc.record({ kind: fc.constant('wheel' as const), x: fc.integer({ min: 0, max: 1400 }), y: fc.integer({ min: 0, max: 900 }), rotation: fc.integer({ min: -3, max: 3 }), axis: fc.constantFrom('vertical' as const, 'horizontal' as const), mods: fc.integer({ min: 0, max: 15 }) }),
);
const streamArb = fc
  .record({
    events: fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 4000 }), fc.constantFrom(1, 2)), { maxLength: 120 }),
    frames: fc.array(fc.tuple(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom('click', 'focus', 'periodic'), fc.constantFrom(1, 2)), { minLength: 1, maxLength: 6 }),
  })
  .map(({ events, frames }): ActionSource => {
    let t = 0;
    return {
      events: events.map(([e, dt, windowSeq], i) => ({ ...e, seq: i + 1, t: (t += dt), windowSeq }) as EventRow),
      frames: frames.map(([ft, reason, windowSeq], i) => ({ seq: i + 1, t: ft, reason, windowSeq, width: 800, height: 600 })),
      windows: WINDOWS,
      layout: BUILTIN_US_LAYOUT,
    };
  });

describe('deriveActions over random event streams', () => {
  it('maps every click, key press and wheel notch to exactly one step, and a key without a name to none', () => {
    fc.assert(
      fc.property(streamArb, (source) => {
        const owners = new Map<number, number>();
        for (const step of deriveActions(source)) for (const seq of step.seqs) owners.set(seq, (owners.get(seq) ?? 0) + 1);
        for (const e of source.events) {
          const unnamed = e.kind === 'key-down' && e.keycode != null && keyName(source.layout, e.keycode) === undefined;
          if (unnamed) expect(owners.get(e.seq), `unnamed key-down #${e.seq}`).toBeUndefined();
          else if (e.kind === 'mouse-down' || e.kind === 'key-down' || e.kind === 'wheel') expect(owners.get(e.seq), `${e.kind} #${e.seq}`).toBe(1);
        }
        for (const n of owners.values()) expect(n).toBe(1);
      }),
      { numRuns: 400 },
    );
  });

  it('pairs every step with a frame of the session, observed at or before it unless it came first', () => {
    fc.assert(
      fc.property(streamArb, (source) => {
        const frames = new Map(source.frames.map((f) => [f.seq, f]));
        for (const step of deriveActions(source)) {
          const frame = frames.get(step.frameSeq ?? -1);
          expect(frame, `step ${step.index} (${step.kind}) has no frame`).toBeDefined();
          if (step.frameNote !== 'before-first-frame') expect(frame!.t).toBeLessThanOrEqual(step.t);
          if (step.point) for (const v of [step.point.xNorm, step.point.yNorm]) expect(v >= 0 && v <= 1).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same steps for the same session, however its rows were ordered', () => {
    fc.assert(
      fc.property(streamArb, fc.integer(), (source, seed) => {
        const shuffled = [...source.events].sort((a, b) => ((a.seq * 7919 + seed) % 101) - ((b.seq * 7919 + seed) % 101));
        const first = deriveActions(source);
        expect(deriveActions({ ...source, events: shuffled })).toEqual(first);
        expect(first.map((s) => s.index)).toEqual(first.map((_, i) => i));
        for (let i = 1; i < first.length; i++) expect(first[i]!.t).toBeGreaterThanOrEqual(first[i - 1]!.t);
      }),
      { numRuns: 200 },
    );
  });
});
