// What a dead key does to the key after it, from X's own Compose rules (libx11-data's
// en_US.UTF-8/Compose, the table every UTF-8 locale of X uses): "<dead_acute> <e> : "é"". Read when
// a recording starts, for the dead keys of its layout only; where the file is missing, dead keys
// type nothing, as before.
import { readFileSync } from 'node:fs';
import type { DeadKey } from '../../shared/keyboard-layout.ts';
import { isDeadKeysym, keysymName, keysymOf, keysymToText } from '../../core/x11-keysyms.ts';

export const COMPOSE_FILE = '/usr/share/X11/locale/en_US.UTF-8/Compose';

// A two-key sequence that starts with a dead key; the result is a quoted string with \" and \\.
const DEAD_SEQUENCE = /^<(dead_\w+)>\s+<(\w+)>\s*:\s*"((?:\\.|[^"\\])*)"/;

/** Dead key name -> (name of the keysym after it -> the text the two type). */
export type DeadKeyRules = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function parseDeadKeyRules(text: string): DeadKeyRules {
  const rules = new Map<string, Map<string, string>>();
  for (const line of text.split('\n')) {
    const m = DEAD_SEQUENCE.exec(line);
    if (!m) continue;
    const [, dead, next, result] = m as unknown as [string, string, string, string];
    let followers = rules.get(dead);
    if (!followers) rules.set(dead, (followers = new Map()));
    if (!followers.has(next)) followers.set(next, result.replace(/\\(.)/g, '$1'));
  }
  return rules;
}

/** X's dead key rules on this machine; none where libx11-data is not installed. */
export function readDeadKeyRules(file = COMPOSE_FILE): DeadKeyRules {
  try {
    return parseDeadKeyRules(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
}

/**
 * What a dead keysym makes of each character a layout types (and of a space), or null for a keysym
 * that is not dead. Only those characters are kept: a session stores a few hundred rules, not 1,359.
 */
export function deadKeyFor(keysym: number, typed: ReadonlySet<string>, rules: DeadKeyRules): DeadKey | null {
  if (!isDeadKeysym(keysym)) return null;
  const dead: DeadKey = {};
  for (const [next, result] of rules.get(keysymName(keysym) ?? '') ?? []) {
    const code = keysymOf(next);
    const text = code === undefined ? '' : keysymToText(code);
    if (text !== '' && typed.has(text)) dead[text] = result;
  }
  return dead;
}
