// Rebuilds typed text from stored key codes and the session's keyboard layout. uiohook reports
// physical keys, not characters, so this is the only place characters come back into being.
import { BACKSPACE, CAPS_LOCK, isUnnamedKey } from '../shared/key-names.ts';
import { isLevelThreeShift, type KeyboardLayout, levelsIn } from '../shared/keyboard-layout.ts';
import { groupOfMods, MOD_ALT, MOD_SHIFT, SHORTCUT_MODS } from '../shared/modifiers.ts';
import { REDACTED_CHAR } from '../shared/redaction-mark.ts';
import { DeadKeyComposer, deadKeyOf } from './dead-keys.ts';

export interface KeyStroke {
  kind: string;
  keycode: number | null;
  /** Modifier bits as stored (shared/modifiers.ts), with the keyboard group in bits 4-5. */
  mods: number;
  windowSeq?: number;
  t?: number;
  seq?: number;
}

export interface TextRun {
  windowSeq: number | undefined;
  text: string;
  /** For each character of `text` (by code point), the seq of the key stroke that typed it. */
  seqs: number[];
  /** For each character, the window row it was typed under (a run crosses retitles of its window). */
  windowSeqs: (number | undefined)[];
}

export interface RebuildOptions {
  /** Whether the window's app kept key codes (keys policy `full`): there a key-down without a key
   *  code was redacted and shows as REDACTED_CHAR; elsewhere (policy `timing`) it types nothing. */
  fullKeys?: (windowSeq: number | undefined) => boolean;
  /** Whether two window rows are one window (retitled: an editor's `*` on the first edit, a browser's
   *  tab switch): text typed across them is one run, so that no secret is cut in two. */
  sameWindow?: (a: number | undefined, b: number | undefined) => boolean;
}

/** The text a run of key strokes typed, split where the window changes (not where it is retitled). */
export function rebuildTextRuns(strokes: readonly KeyStroke[], layout: KeyboardLayout, options: RebuildOptions = {}): TextRun[] {
  const runs: TextRun[] = [];
  let capsLock = false;
  const dead = new DeadKeyComposer();
  let altGr = false;
  for (const stroke of strokes) {
    if (stroke.keycode !== null && isLevelThreeShift(layout, stroke.keycode)) {
      altGr = stroke.kind === 'key-down';
      continue;
    }
    if (stroke.kind !== 'key-down') continue;
    const { keycode } = stroke;
    if (keycode === null && !(options.fullKeys?.(stroke.windowSeq) ?? false)) continue;
    let run = runs.at(-1);
    const sameWindow = run && (run.windowSeq === stroke.windowSeq || (options.sameWindow?.(run.windowSeq, stroke.windowSeq) ?? false));
    if (!run || !sameWindow) {
      run = { windowSeq: stroke.windowSeq, text: '', seqs: [], windowSeqs: [] };
      runs.push(run);
      dead.cancel();
    }
    if (keycode === null) {
      append(run, REDACTED_CHAR, stroke);
      continue;
    }
    if (keycode === CAPS_LOCK) {
      capsLock = !capsLock;
      continue;
    }
    // uiohook reports AltGr as Alt: held for the third level, it makes no shortcut.
    if ((altGr ? stroke.mods & ~MOD_ALT : stroke.mods) & SHORTCUT_MODS) continue;
    if (keycode === BACKSPACE && dead.isPending) {
      dead.cancel();
      continue;
    }
    if (keycode === BACKSPACE) {
      run.text = Array.from(run.text).slice(0, -1).join('');
      run.seqs.pop();
      run.windowSeqs.pop();
      continue;
    }
    const group = groupOfMods(stroke.mods);
    const deadKey = deadKeyOf(layout, keycode, (stroke.mods & MOD_SHIFT) !== 0, group, altGr);
    if (deadKey) {
      append(run, dead.press(deadKey), stroke);
      continue;
    }
    const levels = levelsIn(layout, keycode, group, altGr);
    if (!levels) continue;
    const [plain, shifted] = levels;
    let shift = (stroke.mods & MOD_SHIFT) !== 0;
    if (capsLock && plain.length === 1 && plain.toLowerCase() !== plain.toUpperCase()) shift = !shift;
    append(run, dead.apply(shift ? shifted : plain), stroke);
  }
  return runs.filter((r) => r.text.length > 0);
}

function append(run: TextRun, typed: string, stroke: KeyStroke): void {
  run.text += typed;
  for (let i = 0; i < Array.from(typed).length; i++) {
    run.seqs.push(stroke.seq ?? -1);
    run.windowSeqs.push(stroke.windowSeq);
  }
}

/** A key-down whose key cannot be named: review shows it as a finding, export leaves it out. */
export interface UnnamedKey {
  seq: number;
  windowSeq: number | undefined;
  keycode: number;
}

/** The key-downs (with a kept key code) whose key no one can name (shared/key-names.ts). */
export function unnamedKeys(strokes: readonly KeyStroke[], layout: KeyboardLayout): UnnamedKey[] {
  return strokes
    .filter((s): s is KeyStroke & { keycode: number } => s.kind === 'key-down' && s.keycode !== null && isUnnamedKey(layout, s.keycode))
    .map((s) => ({ seq: s.seq ?? -1, windowSeq: s.windowSeq, keycode: s.keycode }));
}
