// A key of a step (Cairn's name for it: pyautogui's spelling, X's own name, or the character) in
// each consumer's vocabulary, or undefined where the consumer has no name for it (the step is then
// refused, never spelled with a name the consumer does not know). Every answer comes from the
// consumers' own tables (consumer-key-tables.ts, generated from their sources) through the X keysym
// the name stands for, so each consumer is given the key that was pressed:
//  - pyautogui (AgentNet's code) and OSWorld: a name of their KEYBOARD_KEYS;
//  - xdotool (Anthropic's `key` text): an X keysym name or one of xdotool's aliases;
//  - Playwright (OpenAI's keys): a name of Playwright's US layout, through the Windows key code
//    pyautogui sends for the name; never one OpenAI's sample app would read as another key.
import { KEYSYM_TABLE } from '../../core/keysym-table.ts';
import { keysymName, keysymOf } from '../../core/x11-keysyms.ts';
import { x11NameOfKeyName } from '../../core/x11-key-names.ts';
import type { Modifier } from '../../shared/modifiers.ts';
import {
  CUA_KEY_TO_PLAYWRIGHT_KEY,
  OSWORLD_KEY_NAMES,
  PLAYWRIGHT_KEYS,
  PYAUTOGUI_KEY_NAMES,
  PYAUTOGUI_VK_CODES,
  PYAUTOGUI_X11_KEYSYMS,
  XDOTOOL_ALIASES,
} from './consumer-key-tables.ts';

/** What Cairn's modifier names press: uiohook's left Ctrl, Alt, Shift and Meta (the Super key). */
const MODIFIER_X_NAMES: Record<Modifier, string> = { ctrl: 'Control_L', alt: 'Alt_L', shift: 'Shift_L', meta: 'Super_L' };

const UNICODE_KEYSYM_BASE = 0x01000000;
const KEYSYM_OF_CHAR = new Map<string, number>();
for (const [keysym, , ch] of KEYSYM_TABLE) if (ch !== '' && !KEYSYM_OF_CHAR.has(ch)) KEYSYM_OF_CHAR.set(ch, keysym);

interface XKey {
  /** The X keysym name to press it by (pyautogui's spelling where pyautogui has one). */
  xName: string;
  keysym: number;
}

/** The X key a Cairn key name stands for. */
function xKeyOf(name: string): XKey | undefined {
  const modifier = MODIFIER_X_NAMES[name as Modifier];
  if (modifier) return { xName: modifier, keysym: keysymOf(modifier)! };
  const pyautogui = PYAUTOGUI_X11_KEYSYMS[name];
  if (pyautogui) return { xName: pyautogui[0], keysym: pyautogui[1] };
  const xName = x11NameOfKeyName(name);
  const keysym = xName === undefined ? undefined : keysymOf(xName);
  if (xName !== undefined && keysym !== undefined) return { xName, keysym };
  if ([...name].length !== 1) return undefined;
  const cp = name.codePointAt(0)!;
  const legacy = KEYSYM_OF_CHAR.get(name);
  if (legacy !== undefined) return { xName: keysymName(legacy)!, keysym: legacy };
  // X's rule for any other character: keysym 0x01000000 + code point, named U and its hex digits.
  return { xName: `U${cp.toString(16).toUpperCase().padStart(4, '0')}`, keysym: UNICODE_KEYSYM_BASE + cp };
}

/** Of `names`, the first that pyautogui's X11 backend presses as `keysym`. */
function nameForKeysym(names: readonly string[], keysym: number): string | undefined {
  return names.find((n) => PYAUTOGUI_X11_KEYSYMS[n]?.[1] === keysym);
}

/** pyautogui's name for a key (AgentNet's code), e.g. meta -> win. */
export function pyautoguiKey(name: string): string | undefined {
  if (PYAUTOGUI_KEY_NAMES.includes(name)) return name;
  const x = xKeyOf(name);
  return x && nameForKeysym(PYAUTOGUI_KEY_NAMES, x.keysym);
}

/** OSWorld's name for a key: pyautogui's where OSWorld lists it, else one it lists for the same
 *  key (space -> ' '). */
export function osworldKey(name: string): string | undefined {
  const p = pyautoguiKey(name);
  if (p !== undefined && OSWORLD_KEY_NAMES.includes(p)) return p;
  const x = xKeyOf(name);
  return x && nameForKeysym(OSWORLD_KEY_NAMES, x.keysym);
}

/** xdotool's name for a key: its alias for a modifier (ctrl, super), else the X keysym name. */
export function xdotoolKey(name: string): string | undefined {
  const x = xKeyOf(name);
  if (!x) return undefined;
  const alias = name in MODIFIER_X_NAMES ? XDOTOOL_ALIASES.find(([, target]) => target === x.xName)?.[0] : undefined;
  return alias ?? x.xName;
}

/** Playwright's name for a key (OpenAI's keys): Control, Enter, ArrowUp, F5, ContextMenu, c. */
export function playwrightKey(name: string): string | undefined {
  const p = pyautoguiKey(name) ?? name;
  const vk = PYAUTOGUI_VK_CODES[p];
  const found = [...name].length === 1 && PLAYWRIGHT_KEYS[name] ? name : vk === undefined ? undefined : playwrightNameOfVk(vk);
  if (found === undefined) return undefined;
  // OpenAI's sample app turns some names into other keys ('/' into the keypad's Divide): then the
  // key's code, which it passes on unchanged.
  const seenAs = CUA_KEY_TO_PLAYWRIGHT_KEY[found.toLowerCase()];
  return seenAs !== undefined && PLAYWRIGHT_KEYS[seenAs]?.code !== PLAYWRIGHT_KEYS[found]!.code ? PLAYWRIGHT_KEYS[found]!.code : found;
}

/** The Playwright name of the key with this Windows key code: its own key name where it has one
 *  (Enter, Shift, Home), the main block's before the keypad's, else its code (Numpad7, Space). */
function playwrightNameOfVk(vk: number): string | undefined {
  const candidates = Object.entries(PLAYWRIGHT_KEYS).filter(
    ([, d]) => d.keyCode === vk || d.keyCodeWithoutLocation === vk || d.shiftKeyCode === vk,
  );
  const rank = ([n, d]: [string, (typeof PLAYWRIGHT_KEYS)[string]]) =>
    (n === d.key && d.key.length > 1 ? 0 : 4) + (d.location === 0 ? 0 : 2) + (n === d.code ? 0 : 1);
  return candidates.sort((a, b) => rank(a) - rank(b))[0]?.[0];
}
