// Names of keys from uiohook key codes (PC scan-code set 1, 0x0Exx for extended keys): pyautogui's
// spelling for exported steps (each writer translates it into its own vocabulary) and a label for
// people ("Ctrl+Shift+T", "PageUp", "↑") in the review timeline and wherever a hotkey is named.
// Keys are named by the session's keyboard layout where it names them (read from X: "c" for the key
// that types "с" on a Russian layout, "f13", "volumeup"); a key no one can name has no name, never
// a made-up one: review shows it as a finding and exports leave it out.
import { BUILTIN_US_LAYOUT, type KeyboardLayout, levelsIn } from './keyboard-layout.ts';
import { modifierOf, modifiersOfMask } from './modifiers.ts';

export const BACKSPACE = 14;
export const CAPS_LOCK = 58;
/** uiohook's code for an X key it has no code of its own for (VC_UNDEFINED). */
const UNDEFINED_KEY = 0;

const NAMED: ReadonlyMap<number, string> = new Map([
  [1, 'esc'], [14, 'backspace'], [15, 'tab'], [28, 'enter'], [57, 'space'], [58, 'capslock'],
  [3612, 'enter'], [3655, 'home'], [3657, 'pageup'], [3663, 'end'], [3665, 'pagedown'],
  [3666, 'insert'], [3667, 'delete'], [57416, 'up'], [57419, 'left'], [57421, 'right'], [57424, 'down'],
  [69, 'numlock'], [70, 'scrolllock'], [3639, 'printscreen'], [3653, 'pause'], [3677, 'apps'],
  [59, 'f1'], [60, 'f2'], [61, 'f3'], [62, 'f4'], [63, 'f5'], [64, 'f6'], [65, 'f7'], [66, 'f8'],
  [67, 'f9'], [68, 'f10'], [87, 'f11'], [88, 'f12'],
]);

/** Labels that are not just the name capitalised. */
const LABELS: Readonly<Record<string, string>> = {
  ctrl: 'Ctrl', meta: 'Super', apps: 'Menu',
  pageup: 'PageUp', pagedown: 'PageDown', capslock: 'CapsLock', numlock: 'NumLock', scrolllock: 'ScrollLock', printscreen: 'PrintScreen',
  up: '↑', down: '↓', left: '←', right: '→',
};

/** Keys that act rather than type, even though a layout may map a character to them. */
const ACTING = new Set([1, 14, 15, 28, 3612, 58]);

/** The name of a key that does not type text (enter, tab, f5...), if it is one. */
export function namedKey(keycode: number): string | undefined {
  return NAMED.get(keycode);
}

/** The character a key types on the layout (in a group, shifted or not, with AltGr or not), if any,
 *  unless it is an acting key. */
export function typedChar(layout: KeyboardLayout, keycode: number, shift: boolean, group = 0, levelThree = false): string | undefined {
  if (ACTING.has(keycode)) return undefined;
  const levels = levelsIn(layout, keycode, group, levelThree);
  if (!levels) return undefined;
  const ch = shift ? levels[1] : levels[0];
  return ch === '' ? undefined : ch;
}

/** Its named key, else its modifier, else the name the keymap gives it, else its unshifted character
 *  on the layout (ctrl+c). */
function nameOf(layout: KeyboardLayout, keycode: number): string | undefined {
  const named = NAMED.get(keycode) ?? modifierOf(keycode) ?? layout.names?.[String(keycode)];
  if (named) return named;
  const plain = layout.keys[String(keycode)]?.[0];
  return plain && plain.trim() !== '' ? plain.toLowerCase() : undefined;
}

/** A key's name in an exported hotkey: "enter", "ctrl", "c"; undefined for a key without one. */
export function keyName(layout: KeyboardLayout, keycode: number): string | undefined {
  return nameOf(layout, keycode);
}

/**
 * Whether no one can say what a key is: uiohook's code 0 (an X key it has no code for, such as the
 * Linefeed `xdotool type` sends for "\n"), or a key that neither has a name nor types anything on the
 * layout (one the keymap leaves empty). Such a key may have typed anything.
 */
export function isUnnamedKey(layout: KeyboardLayout, keycode: number): boolean {
  if (keycode === UNDEFINED_KEY) return true;
  return nameOf(layout, keycode) === undefined && !(layout.keys[String(keycode)]?.some((level) => level !== '') ?? false);
}

/**
 * A key press as a person reads it: "Ctrl+Shift+T", "Enter", "key 99"; "key (erased)" when a
 * redaction removed its code. `mask` is a stored event's modifier bits.
 */
export function keyLabel(keycode: number | null | undefined, mask: number, layout: KeyboardLayout = BUILTIN_US_LAYOUT): string {
  if (keycode === null || keycode === undefined) return 'key (erased)';
  const name = nameOf(layout, keycode);
  const key = name === undefined ? `key ${keycode}` : label(name);
  return [...modifiersOfMask(mask).map(label), key].join('+');
}

function label(name: string): string {
  return LABELS[name] ?? name.charAt(0).toUpperCase() + name.slice(1);
}
