// The name Cairn gives a key, from the keysyms the X keymap binds to it. Names follow pyautogui's
// spelling (each export writer translates them into its own vocabulary); a function key pyautogui
// has no word for keeps X's own name (XF86Calculator), which xdotool and X clients understand.
// A key that types a character is named for shortcuts the way GTK and Chromium match them: by the
// Latin character (ASCII or Latin script) it has in the first group of the layout that has one, else by
// the character at its place on a US keyboard; so Ctrl + the key that types "с" on a Russian layout is
// ctrl+c, and on a German one the key that types "ö" is ö.
import { isCharacterKeysym, isDeadKeysym, keysymName, keysymOf, keysymToText } from './x11-keysyms.ts';

/** X names -> pyautogui's (its KEYBOARD_KEYS), where they differ beyond case. */
const PYAUTOGUI: Record<string, string> = {
  Return: 'enter', KP_Enter: 'enter', ISO_Enter: 'enter', Linefeed: 'enter', Tab: 'tab', ISO_Left_Tab: 'tab', KP_Tab: 'tab',
  space: 'space', KP_Space: 'space', BackSpace: 'backspace', Escape: 'esc', Delete: 'delete', KP_Delete: 'delete',
  Insert: 'insert', KP_Insert: 'insert', Home: 'home', KP_Home: 'home', End: 'end', KP_End: 'end',
  Prior: 'pageup', KP_Prior: 'pageup', Next: 'pagedown', KP_Next: 'pagedown',
  Left: 'left', KP_Left: 'left', Right: 'right', KP_Right: 'right', Up: 'up', KP_Up: 'up', Down: 'down', KP_Down: 'down',
  KP_Begin: 'clear', Clear: 'clear', Print: 'printscreen', Pause: 'pause', Break: 'pause',
  Scroll_Lock: 'scrolllock', Num_Lock: 'numlock', Caps_Lock: 'capslock', Menu: 'apps',
  Help: 'help', Select: 'select', Execute: 'execute', Mode_switch: 'modechange',
  Shift_L: 'shiftleft', Shift_R: 'shiftright', Control_L: 'ctrlleft', Control_R: 'ctrlright',
  Alt_L: 'altleft', Alt_R: 'altright', ISO_Level3_Shift: 'altright', Super_L: 'winleft', Super_R: 'winright',
  KP_Add: 'add', KP_Subtract: 'subtract', KP_Multiply: 'multiply', KP_Divide: 'divide', KP_Decimal: 'decimal', KP_Separator: 'separator',
  Kanji: 'kanji', Henkan_Mode: 'convert', Muhenkan: 'nonconvert', Hangul: 'hangul', Hangul_Hanja: 'hanja', Kana_Lock: 'kana',
  XF86AudioMute: 'volumemute', XF86AudioLowerVolume: 'volumedown', XF86AudioRaiseVolume: 'volumeup',
  XF86AudioPlay: 'playpause', XF86AudioStop: 'stop', XF86AudioPrev: 'prevtrack', XF86AudioNext: 'nexttrack',
  XF86Back: 'browserback', XF86Forward: 'browserforward', XF86Reload: 'browserrefresh', XF86Stop: 'browserstop',
  XF86Search: 'browsersearch', XF86Favorites: 'browserfavorites', XF86HomePage: 'browserhome',
  XF86Mail: 'launchmail', XF86AudioMedia: 'launchmediaselect', XF86Sleep: 'sleep',
};

/** The name of a key that does something rather than type a character: enter, f13, num7, volumeup. */
export function functionKeyName(keysym: number): string | undefined {
  const name = keysymName(keysym);
  if (name === undefined) return undefined;
  if (/^F\d+$/.test(name)) return name.toLowerCase();
  if (/^KP_\d$/.test(name)) return `num${name.slice(3)}`;
  return PYAUTOGUI[name] ?? name;
}

/** The X keysym name a key name stands for, undoing functionKeyName: f13 -> F13, num7 -> KP_7,
 *  volumeup -> XF86AudioRaiseVolume; a name that is X's own stands for itself. Of the X names one
 *  name covers, the one it spells (clear -> Clear), else the first. Undefined for a character. */
export function x11NameOfKeyName(name: string): string | undefined {
  if (/^f\d+$/.test(name)) return name.toUpperCase();
  if (/^num\d$/.test(name)) return `KP_${name.slice(3)}`;
  if (name.length > 1 && keysymOf(name) !== undefined) return name;
  const xNames = Object.keys(PYAUTOGUI).filter((x) => PYAUTOGUI[x] === name);
  return xNames.find((x) => x.toLowerCase() === name) ?? xNames[0];
}

/** A character in lower case, when that is one character: İ stays İ (its lower case, i and a
 *  combining dot, is two), so a key's name is always the one character it stands for. */
function lowerCase(ch: string): string {
  const lower = ch.toLowerCase();
  return [...lower].length === [...ch].length ? lower : ch;
}

/** ASCII or a letter of the Latin script (ö, ß): what shortcuts are spelled with. */
function latinText(keysym: number): string | undefined {
  const text = keysymToText(keysym);
  return isCharacterKeysym(keysym) && /^(?:[\x21-\x7e]|\p{Script=Latin})$/u.test(text) ? lowerCase(text) : undefined;
}

/**
 * A key's name from its keysyms as X's core keymap lists them (group 1 levels 1-2, group 2 levels
 * 1-2, ...). `usCharacter` is what the same physical key types on a US keyboard. Undefined for a key
 * the keymap leaves empty.
 */
export function keyNameFromKeysyms(keysyms: readonly number[], usCharacter: string | undefined): string | undefined {
  const first = keysyms.find((k) => k !== 0);
  if (first === undefined) return undefined;
  if (!isCharacterKeysym(first) && !isDeadKeysym(first)) return functionKeyName(first);
  // Level 1 of each group: elements 0 and 2 of the core list.
  const latin = [keysyms[0], keysyms[2]].map((k) => (k ? latinText(k) : undefined)).find((t) => t !== undefined);
  const own = lowerCase(keysymToText(first));
  return latin ?? (usCharacter === undefined ? undefined : lowerCase(usCharacter)) ?? (own !== '' ? own : keysymName(first));
}
