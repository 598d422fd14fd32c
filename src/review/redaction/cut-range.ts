// Cutting a time range out of a session: every event and frame with t in [fromMs, toMs] (ms since
// the session's start) is deleted, and so is every window segment in the range that nothing left
// refers to. The redactions row keeps a marker of where the cut was, so a viewer can show the gap.
import { DomainError } from '../../core/domain-error.ts';
import { type CutResult, cutTimeRange } from '../../store/redaction-repo.ts';
import type { Store } from '../../store/store.ts';
import { type ChangeResult, destructiveChange } from './destructive-change.ts';

export function cutRange(
  store: Store,
  sessionId: string,
  fromMs: number,
  toMs: number,
  options: { reason?: string; actor?: string; at?: number } = {},
): ChangeResult<CutResult> {
  if (!(Number.isFinite(fromMs) && Number.isFinite(toMs) && fromMs >= 0 && toMs >= fromMs)) {
    throw new DomainError('invalid-input', `A time range needs 0 <= from <= to, not ${fromMs}..${toMs} ms.`);
  }
  const spec = { sessionId, kind: 'cut' as const, target: { fromMs, toMs }, reason: options.reason ?? 'time range cut', actor: options.actor, at: options.at };
  return destructiveChange(store, spec, () => cutTimeRange(store, sessionId, fromMs, toMs));
}
