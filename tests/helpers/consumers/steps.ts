// Steps as deriveActions makes them, for the property tests of the consumer checks: every key name
// Cairn can give a key (with the X keysyms it stands for, the oracle of "the same key"), and
// fast-check arbitraries of clicks, drags, scrolls, typing and waits on an 800x600 frame.
import fc from 'fast-check';
import { KEYSYM_TABLE } from '../../../src/core/keysym-table.ts';
import { keyNameFromKeysyms } from '../../../src/core/x11-key-names.ts';
import { keysymOf } from '../../../src/core/x11-keysyms.ts';
import type { Action, MouseButton, StepPoint } from '../../../src/export/actions/action.ts';
import { keyName } from '../../../src/shared/key-names.ts';
import { BUILTIN_US_LAYOUT } from '../../../src/shared/keyboard-layout.ts';
import { type Modifier, modifierOf } from '../../../src/shared/modifiers.ts';
import { REDACTED_CHAR } from '../../../src/shared/redaction-mark.ts';
import { PYAUTOGUI_X11_KEYSYMS } from '../../../src/export/writers/consumer-key-tables.ts';

export const FRAME: [number, number] = [800, 600];
export const MODIFIERS: readonly Modifier[] = ['ctrl', 'alt', 'shift', 'meta'];
/** X keysyms of Cairn's modifier names: uiohook's Ctrl, Alt, Shift and Meta, left or right. */
export const MODIFIER_KEYSYMS: Record<Modifier, number[]> = {
  ctrl: ['Control_L', 'Control_R'].map((n) => keysymOf(n)!),
  alt: ['Alt_L', 'Alt_R'].map((n) => keysymOf(n)!),
  shift: ['Shift_L', 'Shift_R'].map((n) => keysymOf(n)!),
  meta: ['Super_L', 'Super_R'].map((n) => keysymOf(n)!),
};

/** Every name the recorder can give a key that is not a modifier, with the keysyms it names: each
 *  keysym of X.Org's table as the keymap reader names it, and every key of the US layout. */
export function cairnKeyNames(): Map<string, Set<number>> {
  const names = new Map<string, Set<number>>();
  const add = (name: string | undefined, keysym: number | undefined) => {
    if (name === undefined || name in MODIFIER_KEYSYMS) return;
    if (!names.has(name)) names.set(name, new Set());
    if (keysym !== undefined) names.get(name)!.add(keysym);
  };
  for (const [keysym] of KEYSYM_TABLE) add(keyNameFromKeysyms([keysym], undefined), keysym);
  for (let code = 0; code < 0x10000; code++) {
    if (modifierOf(code)) continue;
    const name = keyName(BUILTIN_US_LAYOUT, code);
    // A named key also stands for the character it types (the space bar for ' ').
    const typed = BUILTIN_US_LAYOUT.keys[String(code)]?.[0];
    add(name, typed ? KEYSYM_TABLE.find(([, , ch]) => ch === typed)?.[0] : undefined);
  }
  return names;
}

/** Every key name once under a modifier set fast-check picks, then random keys under random
 *  non-empty modifier sets: the hotkeys (modifiers first) a property test spells. */
export function everyKeyUnderModifiers(names: Map<string, Set<number>>, seed: number): string[][] {
  const keys = [...names.keys()];
  const held = fc.sample(fc.subarray([...MODIFIERS]), { numRuns: keys.length, seed });
  const more = fc.sample(fc.tuple(fc.subarray([...MODIFIERS], { minLength: 1 }), fc.constantFrom(...keys)), { numRuns: 400, seed: seed + 1 });
  return [...keys.map((k, i) => [...held[i]!, k]), ...more.map(([m, k]) => [...m, k])];
}

/** The keysyms a key name stands for: a modifier's left and right keys, else the name's own. */
export function meantKeysyms(names: Map<string, Set<number>>, name: string): number[] {
  return MODIFIER_KEYSYMS[name as Modifier] ?? [...names.get(name)!];
}

/** Whether pyautogui's key `p` is the key Cairn calls `name`: its X11 backend presses one of the
 *  keysyms the name stands for; a key it presses nothing for on X11 (volumeup) is the same name. */
export function isPyautoguiKeyFor(names: Map<string, Set<number>>, name: string, p: string): boolean {
  const keysym = PYAUTOGUI_X11_KEYSYMS[p]?.[1];
  return keysym === undefined ? p === name : meantKeysyms(names, name).includes(keysym);
}

const POINT: StepPoint = { x: 500, y: 350, frameX: 400, frameY: 300, xNorm: 0.5, yNorm: 0.5 };
const base = (index: number) => ({
  index,
  t: index * 1000,
  endT: index * 1000 + 50,
  seqs: [index],
  window: { app: 'XTerm', title: null, bounds: { x: 100, y: 50, width: FRAME[0], height: FRAME[1] } },
  frameSeq: 1,
  afterFrameSeq: null,
  point: POINT,
  flags: [],
});

export function hotkeyStep(keys: string[], index = 0): Action {
  return keys.length === 1 ? { ...base(index), kind: 'key', key: keys[0]!, point: null } : { ...base(index), kind: 'hotkey', keys, point: null };
}

export function typeStep(text: string, index = 0): Action {
  const redacted = [...text].filter((c) => c === REDACTED_CHAR).length;
  return { ...base(index), kind: 'type', text, redacted, point: null, flags: redacted > 0 ? ['redacted-keys'] : [] };
}

/** Not a control character, but newline and tab (a key's text in X is never another one). */
function typable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return ch === '\n' || ch === '\t' || !(c < 0x20 || (c >= 0x7f && c < 0xa0));
}

const point = fc.record({ frameX: fc.integer({ min: 0, max: FRAME[0] }), frameY: fc.integer({ min: 0, max: FRAME[1] }) }).map(
  ({ frameX, frameY }): StepPoint => ({ x: frameX + 100, y: frameY + 50, frameX, frameY, xNorm: Number((frameX / FRAME[0]).toFixed(4)), yNorm: Number((frameY / FRAME[1]).toFixed(4)) }),
);
const button = fc.constantFrom<MouseButton>('left', 'right', 'middle');
const mods = fc.subarray([...MODIFIERS]);

/** Any step deriveActions makes but a hotkey (those are checked key by key). */
export const pointerOrTextStep: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ p: point, button, count: fc.constantFrom<1 | 2 | 3>(1, 2, 3), mods }).map(({ p, ...c }): Action => ({ ...base(1), kind: 'click', point: p, ...c })),
  fc.record({ path: fc.array(point, { minLength: 2, maxLength: 6 }), button, mods }).map(({ path, ...d }): Action => ({ ...base(2), kind: 'drag', point: path[0]!, path, ...d })),
  fc.record({ p: point, axis: fc.boolean(), amount: fc.integer({ min: 1, max: 30 }), up: fc.boolean(), mods }).map(({ p, axis, amount, up, mods: m }): Action => {
    const sign = up ? -1 : 1;
    const [dx, dy] = axis ? [sign * amount, 0] : [0, sign * amount];
    const direction = axis ? (up ? 'left' : 'right') : up ? 'up' : 'down';
    return { ...base(3), kind: 'scroll', point: p, direction, amount, dx, dy, mods: m };
  }),
  // Text with what trips string literals and parsers: quotes, backslashes, newlines, tabs, any
  // Unicode character a keyboard types (no other control character: X types none), and redacted
  // key strokes.
  fc.array(fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(typable), fc.constantFrom("'", '"', '\\', '\n', '\t', ' ', 'é', REDACTED_CHAR)), { minLength: 1, maxLength: 24 }).map((cs) => typeStep(cs.join(''), 4)),
  fc.integer({ min: 3001, max: 400_000 }).map((ms): Action => ({ ...base(5), kind: 'wait', ms, point: null })),
);
