// Reads the keyboard layout the X server is using (GetKeyboardMapping) as a KeyboardLayout: for each
// uiohook key code, the characters it types without and with Shift. uiohook's main-block codes are
// Linux evdev codes, and an X keycode is the evdev code + 8.
import type { KeyboardLayout } from '../../shared/keyboard-layout.ts';
import { ATOM_STRING, X11Connection } from './x11-client.ts';

/** uiohook codes outside the main block that type text, with their evdev codes. */
const EXTENDED_TO_EVDEV: Record<number, number> = {
  0x0e1c: 96, // keypad Enter
  0x0e35: 98, // keypad /
};

const NAMED_KEYSYMS: Record<number, string> = {
  0xff0d: '\n', // Return
  0xff8d: '\n', // KP_Enter
  0xff09: '\t', // Tab
  0xfe20: '\t', // ISO_Left_Tab (Shift+Tab)
  0xff80: ' ', // KP_Space
  0xffaa: '*',
  0xffab: '+',
  0xffac: ',',
  0xffad: '-',
  0xffae: '.',
  0xffaf: '/',
  0xffbd: '=',
};

/** The text a keysym types: '' for keys that type nothing (modifiers, BackSpace, F-keys, dead keys). */
export function keysymToText(keysym: number): string {
  if ((keysym >= 0x20 && keysym <= 0x7e) || (keysym >= 0xa0 && keysym <= 0xff)) return String.fromCodePoint(keysym);
  if (keysym >= 0x01000100 && keysym <= 0x0110ffff) return String.fromCodePoint(keysym - 0x01000000);
  if (keysym >= 0xffb0 && keysym <= 0xffb9) return String(keysym - 0xffb0); // KP_0..KP_9
  return NAMED_KEYSYMS[keysym] ?? '';
}

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

export async function readX11KeyboardLayout(display?: string): Promise<KeyboardLayout> {
  const conn = await X11Connection.open(display);
  try {
    const min = conn.display.min_keycode;
    const max = conn.display.max_keycode;
    const [rows, rules] = await Promise.all([
      conn.keyboardMapping(min, max - min + 1),
      conn.property(conn.root, await conn.atom('_XKB_RULES_NAMES'), ATOM_STRING).catch(() => null),
    ]);
    const keys: KeyboardLayout['keys'] = {};
    const add = (uiohookCode: number, evdev: number): void => {
      const row = rows[evdev + 8 - min];
      if (!row) return;
      const levels = levelsOf(row);
      if (levels[0] !== '' || levels[1] !== '') keys[String(uiohookCode)] = levels;
    };
    for (let code = 1; code <= 88; code++) add(code, code);
    for (const [code, evdev] of Object.entries(EXTENDED_TO_EVDEV)) add(Number(code), evdev);
    return { name: `x11:${rulesName(rules?.data)}`, keys };
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
