// What a runnable action may type from a type step: the runs of text that were kept. A redacted key
// stroke shows as REDACTED_CHAR in Cairn's own record, but in a format a consumer executes the
// placeholder would be typed as real characters (`write(message='password=███')`), so every
// runnable format drops the redacted runs; pyautogui code marks each with a comment, which types
// nothing.
import { REDACTED_CHAR } from '../../shared/redaction-mark.ts';

export type TextPart = { kept: string } | { redacted: number };

/** The text split into kept runs and redacted runs (their length in key strokes), in order. */
export function textParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  for (const m of text.matchAll(new RegExp(`${REDACTED_CHAR}+|[^${REDACTED_CHAR}]+`, 'gu'))) {
    parts.push(m[0].startsWith(REDACTED_CHAR) ? { redacted: Array.from(m[0]).length } : { kept: m[0] });
  }
  return parts;
}

/** Only the kept runs: what an action may type. */
export function keptRuns(text: string): string[] {
  return textParts(text).flatMap((p) => ('kept' in p ? [p.kept] : []));
}
