import { describe, expect, it } from 'vitest';
import { type KeyStroke, rebuildTextRuns } from '../../src/core/typed-text.ts';
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
