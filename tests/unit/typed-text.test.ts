import { describe, expect, it } from 'vitest';
import { type KeyStroke, rebuildTextRuns, unnamedKeys } from '../../src/core/typed-text.ts';
import type { KeyboardLayout } from '../../src/shared/keyboard-layout.ts';

const layout: KeyboardLayout = {
  name: 'test',
  keys: { '30': ['a', 'A'], '48': ['b', 'B'], '2': ['1', '!'], '57': [' ', ' '], '28': ['\n', '\n'] },
};
let nextSeq = 1;
const rebuildText = (strokes: KeyStroke[], l: KeyboardLayout) => rebuildTextRuns(strokes, l).map((r) => r.text).join('');
const down = (keycode: number | null, mods = 0, windowSeq = 1) => ({ kind: 'key-down', keycode, mods, windowSeq, seq: nextSeq++ });

describe('typed text', () => {
  it('rebuilds characters with Shift, Caps Lock and Backspace', () => {
    const strokes = [down(30), down(48, 1), down(2, 1), down(57), down(58), down(30), down(30, 1), down(14), down(28)];
    expect(rebuildText(strokes, layout)).toBe('aB! A\n');
  });

  it('ignores shortcuts, key releases and keys whose code was not kept', () => {
    const strokes = [down(30, 2), { kind: 'key-up', keycode: 30, mods: 0 }, down(null), down(48)];
    expect(rebuildText(strokes, layout)).toBe('b');
  });

  it('splits runs where the window changes', () => {
    expect(rebuildTextRuns([{ ...down(30, 0, 1), seq: 7 }, { ...down(48, 0, 2), seq: 9 }], layout)).toEqual([
      { windowSeq: 1, text: 'a', seqs: [7], windowSeqs: [1] },
      { windowSeq: 2, text: 'b', seqs: [9], windowSeqs: [2] },
    ]);
  });

  it('goes on with a run across a retitle of its window, naming the row of every character', () => {
    const strokes = [down(30, 0, 1), down(48, 0, 2), down(30, 0, 3)];
    const runs = rebuildTextRuns(strokes, layout, { sameWindow: (a, b) => a !== 3 && b !== 3 });
    expect(runs.map((r) => r.text)).toEqual(['ab', 'a']);
    expect(runs[0]!.windowSeqs).toEqual([1, 2]);
  });

  it('names the key stroke behind every character, backspaced ones removed', () => {
    const strokes = [30, 48, 14, 2].map((keycode, i) => ({ kind: 'key-down', keycode, mods: 0, windowSeq: 1, seq: 10 + i }));
    expect(rebuildTextRuns(strokes, layout)).toEqual([{ windowSeq: 1, text: 'a1', seqs: [10, 13], windowSeqs: [1, 1] }]);
  });

  it('shows a redacted key-down (no key code) as █ only where the app kept key codes', () => {
    const strokes = [down(30, 0, 1), down(null, 0, 1), down(null, 0, 2), down(48, 0, 2)];
    const runs = rebuildTextRuns(strokes, layout, { fullKeys: (w) => w === 1 });
    expect(runs.map((r) => r.text)).toEqual(['a█', 'b']);
    expect(runs[0]!.seqs).toEqual([strokes[0]!.seq, strokes[1]!.seq]);
  });
});

describe('typed text in a keymap of two layouts', () => {
  const ruUs: KeyboardLayout = {
    name: 'x11:evdev+ru,us',
    keys: { '46': ['с', 'С'], '30': ['ф', 'Ф'], '3': ['2', '"'], '57': [' ', ' '] },
    groupKeys: [{ '46': ['c', 'C'], '30': ['a', 'A'], '3': ['2', '@'] }],
  };
  const inGroup = (keycode: number, group: number, mods = 0) => ({ ...down(keycode, mods | (group << 4)) });

  it('takes each key from the group it was typed in, switching mid-word', () => {
    expect(rebuildText([inGroup(46, 0), inGroup(30, 1), inGroup(3, 1, 1), inGroup(46, 1), inGroup(30, 0)], ruUs)).toBe('сa@cф');
  });

  it('types a key the second group leaves empty as in the first', () => {
    expect(rebuildText([inGroup(30, 1), inGroup(57, 1), inGroup(30, 1)], ruUs)).toBe('a a');
  });
});

describe('dead keys', () => {
  const circumflex = { e: 'ê', E: 'Ê', ' ': '^' };
  const de: KeyboardLayout = { name: 'x11:evdev+de', keys: { '18': ['e', 'E'], '57': [' ', ' '], '41': ['', '°'], '30': ['a', 'A'] }, dead: { '41': [circumflex, null] } };

  it('put the accent X\'s Compose rules give on the next character, and type it alone before a space or twice', () => {
    expect(rebuildText([down(41), down(18), down(41), down(18, 1), down(41), down(57), down(41), down(41)], de)).toBe('êÊ^^');
  });

  it('leave a character they have no rule for as it is, are dropped by BackSpace, and attribute the accented character to its own key', () => {
    expect(rebuildText([down(41), down(30), down(41), down(14), down(18)], de)).toBe('ae');
    const [dead, e] = [down(41), down(18)];
    expect(rebuildTextRuns([dead, e], de)[0]).toMatchObject({ text: 'ê', seqs: [e.seq] });
  });
});

describe('AltGr (the third level)', () => {
  const de: KeyboardLayout = {
    name: 'x11:evdev+de',
    keys: { '16': ['q', 'Q'], '18': ['e', 'E'] },
    levelThreeShift: ['3640'],
    levelThree: { '16': ['@', 'Ω'], '18': ['€', '€'] },
  };
  const up = (keycode: number) => ({ kind: 'key-up', keycode, mods: 0, windowSeq: 1, seq: nextSeq++ });

  it('types the third level while AltGr is held, though uiohook reports it as Alt (not a shortcut)', () => {
    expect(rebuildText([down(16), down(3640, 4), down(16, 4), down(18, 4), up(3640), down(18)], de)).toBe('q@€e');
  });

  it('still drops a shortcut with the left Alt or Ctrl', () => {
    expect(rebuildText([down(56, 4), down(16, 4), up(56), down(3640, 4), down(16, 6), up(3640)], de)).toBe('');
  });
});

describe('unnamed keys', () => {
  const named: KeyboardLayout = { ...layout, names: { '30': 'a', '48': 'b', '29': 'ctrlleft', '1': 'esc' } };

  it('are uiohook\'s code 0 and, on a layout that names its keys, keys with neither name nor text', () => {
    const [zero, unknown] = [down(0), down(105)];
    const strokes = [down(30), zero, down(29), down(1), unknown, down(2), { kind: 'key-up', keycode: 105, mods: 0 }, down(null)];
    expect(unnamedKeys(strokes, named).map((k) => [k.keycode, k.seq])).toEqual([[0, zero.seq], [105, unknown.seq]]);
  });

  it('are, on a layout recorded before keys were named, the keys neither the names every keyboard has nor its text cover', () => {
    expect(unnamedKeys([down(0), down(105), down(30), down(59), down(29)], layout).map((k) => k.keycode)).toEqual([0, 105]);
  });
});
