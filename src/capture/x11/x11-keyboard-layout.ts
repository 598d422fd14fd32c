// Reads the keyboard layout the X server is using (GetKeyboardMapping) as a KeyboardLayout: for each
// key uiohook can report, the characters it types without and with Shift (in each of the keymap's
// first two groups, where it has two), and its name. The keysyms are read with X.Org's complete
// table (src/core/x11-keysyms.ts), so any layout's text is rebuilt; a key the keymap leaves empty gets no
// name, and review shows it as a finding (core/typed-text.ts).
import { BUILTIN_US_LAYOUT, type KeyboardLayout } from '../../shared/keyboard-layout.ts';
import { UIOHOOK_KEYS } from './uiohook-x-keycodes.ts';
import { ATOM_STRING, X11Connection } from './x11-client.ts';
import { functionKeyName, keyNameFromKeysyms } from '../../core/x11-key-names.ts';
import { deadKeyFor, type DeadKeyRules, readDeadKeyRules } from './x11-compose.ts';
import { isDeadKeysym, keysymToText } from '../../core/x11-keysyms.ts';

const ISO_LEVEL3_SHIFT = 0xfe03;

function isKeypadText(keysym: number): boolean {
  return (keysym >= 0xffb0 && keysym <= 0xffb9) || keysym === 0xffae || keysym === 0xffac;
}

/** [plain, shifted] for one keycode's keysym list (group 1), following X's rules for a missing level. */
export function levelsOf(keysyms: readonly number[]): [string, string] {
  const k0 = keysyms[0] ?? 0;
  const k1 = keysyms[1] ?? 0;
  // Keypad digits are taken whatever NumLock's state: digits typed on the keypad (card numbers, PINs)
  // must reach the redaction detectors rather than vanish as "Home" or "End".
  if (isKeypadText(k1)) return [keysymToText(k1), keysymToText(k1)];
  const plain = keysymToText(k0);
  if (k1 === 0) {
    // A single keysym: letters get their upper case under Shift, everything else stays.
    const upper = plain.toUpperCase();
    return [plain, upper.length === 1 ? upper : plain];
  }
  return [plain, keysymToText(k1)];
}

/** A KeyboardLayout from X's core keymap: `rowOf(x keycode)` is that key's keysym list; `deadRules`
 *  X's Compose rules for its dead keys. */
export function layoutFromKeymap(name: string, rowOf: (xKeycode: number) => readonly number[] | undefined, deadRules: DeadKeyRules = new Map()): KeyboardLayout {
  const keys: KeyboardLayout['keys'] = {};
  const group2: KeyboardLayout['keys'] = {};
  const names: NonNullable<KeyboardLayout['names']> = {};
  let twoGroups = false;
  const deadRows: [string, number, number][] = [];
  const levelThreeShift: string[] = [];
  const levelThree: KeyboardLayout['keys'] = {};
  for (const { code, xKeycode, numLockOff } of UIOHOOK_KEYS) {
    const row = rowOf(xKeycode);
    if (!row) continue;
    // uiohook flags a keypad key pressed with NumLock off: it did what its first keysym says (Home).
    if (numLockOff) {
      const acting = functionKeyName(row[0] ?? 0);
      if (acting) names[String(code)] = acting;
      continue;
    }
    const levels = levelsOf(row);
    if (levels[0] !== '' || levels[1] !== '') keys[String(code)] = levels;
    const [k0 = 0, k1 = 0] = row;
    if (isDeadKeysym(k0) || isDeadKeysym(k1)) deadRows.push([String(code), k0, k1 || k0]);
    // Levels 3-4 of group 1 are elements 4-5 of X's core list.
    if (k0 === ISO_LEVEL3_SHIFT) levelThreeShift.push(String(code));
    const third = levelsOf(row.slice(4, 6));
    if (third[0] !== '' || third[1] !== '') levelThree[String(code)] = third;
    // X's core map lists group 2 at elements 2-3; a keymap of one group repeats group 1 there.
    const second = levelsOf(row.slice(2, 4));
    if (second[0] !== '' || second[1] !== '') group2[String(code)] = second;
    if (second[0] !== levels[0] || second[1] !== levels[1]) twoGroups = true;
    const named = isKeypadText(row[1] ?? 0) ? row.slice(1, 2) : row;
    const keyName = keyNameFromKeysyms(named, BUILTIN_US_LAYOUT.keys[String(code)]?.[0]);
    if (keyName) names[String(code)] = keyName;
  }
  const layout: KeyboardLayout = twoGroups ? { name, keys, names, groupKeys: [group2] } : { name, keys, names };
  if (levelThreeShift.length > 0) Object.assign(layout, { levelThreeShift, levelThree });
  if (deadRows.length > 0) {
    const typed = new Set([' ', ...Object.values(keys).flat()]);
    layout.dead = Object.fromEntries(deadRows.map(([code, k0, k1]) => [code, [deadKeyFor(k0, typed, deadRules), deadKeyFor(k1, typed, deadRules)]]));
  }
  return layout;
}

export async function readX11KeyboardLayout(display?: string): Promise<KeyboardLayout> {
  const conn = await X11Connection.open(display);
  try {
    const min = conn.display.min_keycode;
    const max = conn.display.max_keycode;
    const [rows, rules] = await Promise.all([
      conn.keyboardMapping(min, max - min + 1),
      conn.property(conn.root, await conn.atom('_XKB_RULES_NAMES'), ATOM_STRING).catch(() => null),
    ]);
    return layoutFromKeymap(`x11:${rulesName(rules?.data)}`, (xKeycode) => rows[xKeycode - min], readDeadKeyRules());
  } finally {
    await conn.close();
  }
}

/** "evdev+us" from _XKB_RULES_NAMES (rules, model, layout, variant, options), else "keymap". */
function rulesName(data: Buffer | undefined): string {
  if (!data) return 'keymap';
  const [rules, , layout, variant] = data.toString('latin1').split('\0');
  if (!rules) return 'keymap';
  return [rules, layout, variant].filter((p) => p).join('+');
}
