// Where the recorder sees steps begin, as the export cuts them: a press, the first notch of a scroll,
// a hotkey, an acting key and the first key of a typing run begin one; a release, a further notch of
// the same scroll or a further typed key belong to the step under way.
import { describe, expect, it } from 'vitest';
import type { InputEvent } from '../../src/core/input-event.ts';
import { NO_MODIFIERS } from '../../src/core/input-event.ts';
import { BUILTIN_US_LAYOUT } from '../../src/shared/keyboard-layout.ts';
import type { Modifiers } from '../../src/shared/modifiers.ts';
import { StepBoundaries } from '../../src/recorder/step-boundaries.ts';

const A = 30;
const B = 48;
const ENTER = 28;
const CTRL = 29;

const key = (kind: 'key-down' | 'key-up', keycode: number, time: number, mods: Partial<Modifiers> = {}): InputEvent => ({ kind, keycode, time, arrivedAt: time, mods: { ...NO_MODIFIERS, ...mods } });
const button = (kind: 'mouse-down' | 'mouse-up', time: number, clicks = 1): InputEvent => ({ kind, x: 5, y: 5, button: 1, clicks, time, arrivedAt: time, mods: NO_MODIFIERS });
const wheel = (time: number, rotation = 1): InputEvent => ({ kind: 'wheel', x: 5, y: 5, axis: 'vertical', rotation, time, arrivedAt: time, mods: NO_MODIFIERS });

/** What each event is: "begins:kind", "extends", "holds" appended while a release is awaited, or "-". */
function marks(events: InputEvent[]): string[] {
  const steps = new StepBoundaries(BUILTIN_US_LAYOUT);
  return events.map((e) => {
    const m = steps.mark(e);
    if (!m) return '-';
    return `${'begins' in m ? `begins:${m.begins}` : 'extends'}${m.holds ? '+holds' : ''}`;
  });
}

describe('step boundaries', () => {
  it('begins a press at a mouse-down, held until its release; the second press of a double click is the same step', () => {
    expect(marks([button('mouse-down', 0), { kind: 'mouse-move', x: 9, y: 9, time: 50, arrivedAt: 50 }, button('mouse-up', 110), button('mouse-down', 200, 2), button('mouse-up', 300, 2)])).toEqual([
      'begins:press+holds',
      '-',
      'extends',
      'extends+holds',
      'extends',
    ]);
  });

  it('begins a scroll at the first notch; notches of one direction within 400 ms extend it, the other direction or a pause begins anew', () => {
    expect(marks([wheel(0), wheel(100), wheel(450), wheel(900), wheel(950, -1)])).toEqual(['begins:scroll', 'extends', 'extends', 'begins:scroll', 'begins:scroll']);
  });

  it('begins a typing run at its first key; later keys extend it until 3 s pass or an acting key or a click comes', () => {
    expect(
      marks([
        key('key-down', A, 0),
        key('key-up', A, 50),
        key('key-down', B, 200),
        key('key-down', B, 230), // auto-repeat
        key('key-up', B, 300),
        key('key-down', ENTER, 400),
        key('key-up', ENTER, 450),
        key('key-down', A, 600),
        key('key-up', A, 650),
        key('key-down', A, 4000),
        key('key-up', A, 4050),
        button('mouse-down', 4100),
        button('mouse-up', 4200),
        key('key-down', B, 4300),
      ]),
    ).toEqual([
      'begins:typing+holds',
      'extends',
      'extends+holds',
      'extends+holds',
      'extends',
      'begins:key+holds',
      'extends',
      'begins:typing+holds',
      'extends',
      'begins:typing+holds',
      'extends',
      'begins:press+holds',
      'extends',
      'begins:typing+holds',
    ]);
  });

  it('begins a hotkey at the key pressed with Ctrl, not at the modifier itself', () => {
    expect(marks([key('key-down', A, 0), key('key-up', A, 50), key('key-down', CTRL, 100), key('key-down', B, 150, { ctrl: true }), key('key-up', B, 200, { ctrl: true }), key('key-up', CTRL, 250)])).toEqual([
      'begins:typing+holds',
      'extends',
      '-',
      'begins:key+holds',
      'extends',
      '-',
    ]);
  });
});
