// Redacting typed text: the key events behind a span lose their key codes for good. Every key-down
// and key-up with a seq in [fromSeq, toSeq] keeps only its time (keycode NULL, mods 0), and so does
// the key-up that released each of those key-downs after the span. Modifier presses in the span are
// deleted outright: a placeholder each would double the visible length, and their order would still
// tell which letters were capitals. Rebuilt text shows each redacted key-down as '█'.
import { DomainError } from '../../core/domain-error.ts';
import { isModifierKey } from '../../shared/modifiers.ts';
import { clearKeyCodes, deleteEvents, keyEventsInSpan, releaseOf } from '../../store/redaction-repo.ts';
import type { Store } from '../../store/store.ts';
import { type ChangeResult, destructiveChange } from './destructive-change.ts';

export interface KeySpanResult {
  /** Key events that lost their key code. */
  cleared: number;
  /** Modifier presses deleted. */
  deleted: number;
}

export function redactKeySpan(
  store: Store,
  sessionId: string,
  fromSeq: number,
  toSeq: number,
  options: { reason?: string; actor?: string; at?: number } = {},
): ChangeResult<KeySpanResult> {
  if (!(Number.isInteger(fromSeq) && Number.isInteger(toSeq) && fromSeq >= 1 && toSeq >= fromSeq)) {
    throw new DomainError('invalid-input', `A text span needs whole seqs with 1 <= from <= to, not ${fromSeq}..${toSeq}.`);
  }
  const spec = { sessionId, kind: 'text' as const, target: { fromSeq, toSeq }, reason: options.reason ?? 'typed text redacted', actor: options.actor, at: options.at };
  return destructiveChange(store, spec, () => clearKeys(store, sessionId, fromSeq, toSeq));
}

/** The change itself, inside the caller's transaction (redactString clears many spans in one). */
export function clearKeys(store: Store, sessionId: string, fromSeq: number, toSeq: number): KeySpanResult {
  const toClear = new Set<number>();
  const toDelete = new Set<number>();
  for (const e of keyEventsInSpan(store, sessionId, fromSeq, toSeq)) {
    const modifier = e.keycode !== null && isModifierKey(e.keycode);
    (modifier ? toDelete : toClear).add(e.seq);
    if (e.kind === 'key-down' && e.keycode !== null) {
      const release = releaseOf(store, sessionId, e.seq, e.keycode);
      if (release !== undefined && release > toSeq) (modifier ? toDelete : toClear).add(release);
    }
  }
  clearKeyCodes(store, sessionId, toClear);
  deleteEvents(store, sessionId, toDelete);
  return { cleared: toClear.size, deleted: toDelete.size };
}
