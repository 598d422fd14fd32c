// Where a known string (a secret someone typed) shows on a frame. OCR misreads a character now
// and then (`0` for `O`, a space inside a token, a line break where a terminal wraps), so the
// search allows about one error in four characters (Myers' approximate matching, through
// approx-string-match): a looser match blacks out a little more, a stricter one would leave a
// misread key on screen.
import search from 'approx-string-match';
import { type Box, boxesForSpan } from './frame-words.ts';
import type { ScreenReading } from './read-screen.ts';

export interface ValueOnScreen {
  /** Boxes over every place the value was read, in frame pixels. */
  boxes: Box[];
}

/** Errors allowed for a value of this length: none below 4 characters, then one in four. */
export function allowedErrors(length: number): number {
  return length < 4 ? 0 : Math.floor(length / 4);
}

export function findOnScreen(reading: ScreenReading, value: string): ValueOnScreen {
  const boxes: Box[] = [];
  if (!value.trim()) return { boxes };
  for (const layer of reading.layers) {
    for (const m of bestMatches(layer.text, value)) boxes.push(...boxesForSpan(layer.words, m.start, m.end));
  }
  return { boxes };
}

/** The matches with the fewest errors that do not overlap: approximate search reports a match at
 *  every end position within the limit, many of them around one occurrence. */
function bestMatches(text: string, value: string): { start: number; end: number }[] {
  const all = search(text, value, allowedErrors(value.length)).sort((a, b) => a.errors - b.errors || a.start - b.start);
  const kept: { start: number; end: number }[] = [];
  for (const m of all) if (kept.every((k) => m.end <= k.start || m.start >= k.end)) kept.push(m);
  return kept;
}
