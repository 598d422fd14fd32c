import { describe, expect, it } from 'vitest';
import type { AppPolicy } from '../../src/core/app-policy.ts';
import { Coalescer, type EventRow, type WindowRow } from '../../src/core/coalescer.ts';
import type { KeptEvent } from '../../src/core/consent-gate.ts';
import { type InputEvent, NO_MODIFIERS } from '../../src/core/input-event.ts';
import { groupOfMods, MOD_SHIFT } from '../../src/shared/modifiers.ts';

const policy: AppPolicy = { app: 'A', allowed: true, keys: 'full', screens: 'on', titles: 'keep' };
const segment = { seq: 1, start: 1000, inputElsewhere: false, window: { windowId: '1', app: 'A', title: 'Secret title', bounds: { x: 0, y: 0, width: 100, height: 100 } } };
const kept = (event: InputEvent, p = policy): KeptEvent => ({ event, segment, policy: p });
const move = (time: number, x: number, y = 0): InputEvent => ({ kind: 'mouse-move', time, arrivedAt: time, x, y });

function make() {
  const windows: WindowRow[] = [];
  const events: EventRow[] = [];
  const c = new Coalescer({ clockOrigin: 1000, emitWindow: (w) => windows.push(w), emitEvent: (e) => events.push(e) });
  return { c, windows, events };
}

describe('coalescer', () => {
  it('thins a dense stream of moves but keeps where the pointer went and where it stopped', () => {
    const { c, events } = make();
    for (let i = 0; i <= 100; i++) c.push(kept(move(1000 + i * 2.5, i)));
    c.flushHeldMove();
    expect(events.length).toBeLessThan(30);
    expect(events.at(-1)).toMatchObject({ x: 100, kind: 'mouse-move' });
    expect(events[0]).toMatchObject({ x: 0, t: 0 });
  });

  it('writes the held move before a click so the path ends at the click', () => {
    const { c, events } = make();
    c.push(kept(move(1000, 0)));
    c.push(kept(move(1001, 1)));
    c.push(kept({ kind: 'mouse-down', time: 1002, arrivedAt: 1002, x: 1, y: 0, button: 1, clicks: 1, mods: NO_MODIFIERS }));
    expect(events.map((e) => [e.kind, e.x])).toEqual([['mouse-move', 0], ['mouse-move', 1], ['mouse-down', 1]]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('writes a window row once per segment, without its title when titles are off', () => {
    const { c, windows } = make();
    const noTitles = { ...policy, titles: 'off' as const };
    c.push(kept({ kind: 'key-down', time: 1100, arrivedAt: 0, keycode: 30, mods: NO_MODIFIERS }, noTitles));
    c.push(kept({ kind: 'key-up', time: 1110, arrivedAt: 0, keycode: 30, mods: NO_MODIFIERS }, noTitles));
    expect(windows).toEqual([{ seq: 1, t: 0, app: 'A', title: null, x: 0, y: 0, width: 100, height: 100 }]);
  });

  it('writes a row per title of a window, and refers a segment that repeats the last row to it', () => {
    const { c, windows, events } = make();
    const keyAt = (time: number, seg: KeptEvent['segment']): KeptEvent => ({ event: { kind: 'key-down', time, arrivedAt: 0, keycode: 30, mods: NO_MODIFIERS }, segment: seg, policy });
    const retitled = { ...segment, seq: 2, start: 1200, window: { ...segment.window, title: '*Secret title' } };
    // Segment 3 (a popup of another app had the keyboard) kept nothing; segment 4 is after it closed.
    const popupClosed = { ...retitled, seq: 4, start: 1400 };
    c.push(keyAt(1100, segment));
    c.push(keyAt(1250, retitled));
    c.push(keyAt(1450, popupClosed)); // the same window, title and bounds as row 2
    expect(windows.map((w) => [w.seq, w.title])).toEqual([[1, 'Secret title'], [2, '*Secret title']]);
    expect(events.map((e) => e.windowSeq)).toEqual([1, 2, 2]);
  });

  it('keeps only the timing of keys under the timing policy', () => {
    const { c, events } = make();
    c.push(kept({ kind: 'key-down', time: 1100, arrivedAt: 0, keycode: 30, mods: { ...NO_MODIFIERS, shift: true } }, { ...policy, keys: 'timing' }));
    expect(events[0]).toMatchObject({ kind: 'key-down', keycode: null, mods: 0, t: 100 });
  });

  it('keeps the keyboard group a key was typed in beside its modifiers, except under the timing policy', () => {
    const { c, events } = make();
    const key = (group: number | undefined): InputEvent => ({ kind: 'key-down', time: 1100, arrivedAt: 0, keycode: 30, mods: { ...NO_MODIFIERS, shift: true }, group });
    c.push(kept(key(1)));
    c.push(kept(key(undefined)));
    c.push(kept(key(1), { ...policy, keys: 'timing' }));
    expect(events.map((e) => [e.mods, groupOfMods(e.mods)])).toEqual([[MOD_SHIFT | 0x10, 1], [MOD_SHIFT, 0], [0, 0]]);
  });
});
