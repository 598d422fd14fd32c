// What an X keysym means: the text it types and the name X gives it, from the complete table of
// X.Org's headers (keysym-table.ts: Latin, Cyrillic, Greek, Arabic, Hebrew, Thai, Korean and every
// other legacy set, dead keys, function and multimedia keys) and X's rule for the Unicode keysyms
// (0x01000000 + code point), so that text typed in any layout is rebuilt.
import { KEYSYM_TABLE } from './keysym-table.ts';

const NAME = new Map<number, string>();
const CODE = new Map<string, number>();
const TEXT = new Map<number, string>();
for (const [code, name, ch] of KEYSYM_TABLE) {
  NAME.set(code, name);
  CODE.set(name, code);
  if (ch !== '') TEXT.set(code, ch);
}

const UNICODE_BASE = 0x01000000;

// Keys whose text X defines by what they do (XLookupString's answer), not by a character in the table.
const TYPED_BY_FUNCTION: Record<string, string> = {
  Return: '\n', KP_Enter: '\n', Linefeed: '\n', Tab: '\t', ISO_Left_Tab: '\t', KP_Tab: '\t', KP_Space: ' ',
  KP_Equal: '=', KP_Multiply: '*', KP_Add: '+', KP_Separator: ',', KP_Subtract: '-', KP_Decimal: '.', KP_Divide: '/',
  ...Object.fromEntries(Array.from({ length: 10 }, (_, d) => [`KP_${d}`, String(d)])),
};
for (const [name, text] of Object.entries(TYPED_BY_FUNCTION)) {
  const code = CODE.get(name);
  if (code !== undefined) TEXT.set(code, text);
}

/** The keysym X calls `name` ("Return", "Cyrillic_es", "XF86AudioMute"), if it has one. */
export function keysymOf(name: string): number | undefined {
  return CODE.get(name);
}

/** A Unicode keysym's character; undefined for anything else (and for control characters). */
function unicodeText(keysym: number): string | undefined {
  const cp = keysym - UNICODE_BASE;
  if (cp < 0x20 || cp > 0x10ffff || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp < 0xe000)) return undefined;
  return String.fromCodePoint(cp);
}

/** The text a keysym types: '' for keys that type nothing (modifiers, BackSpace, F-keys, dead keys). */
export function keysymToText(keysym: number): string {
  return TEXT.get(keysym) ?? unicodeText(keysym) ?? '';
}

/** X's name for a keysym ("Cyrillic_es", "F13"; "U0531" for a Unicode keysym without one). */
export function keysymName(keysym: number): string | undefined {
  const named = NAME.get(keysym);
  if (named !== undefined) return named;
  const cp = keysym - UNICODE_BASE;
  return unicodeText(keysym) === undefined ? undefined : `U${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A dead key (dead_acute, dead_circumflex...): it types nothing itself, it changes the next key. */
export function isDeadKeysym(keysym: number): boolean {
  return keysym >= 0xfe50 && keysym <= 0xfe8f;
}

/** A keysym that stands for a character (letters, digits, punctuation in any script), as opposed to
 *  a function (Return, F5, XF86AudioMute) or a whitespace key. */
export function isCharacterKeysym(keysym: number): boolean {
  const text = keysymToText(keysym);
  return text !== '' && text.trim() !== '' && (keysym < 0xfe00 || keysym >= UNICODE_BASE) && keysym < 0x10000000;
}
