// Redacting a window title: the title of one focus segment is erased (NULL, as when an app's titles
// policy is off). The app's identity stays, since the session's policies name it anyway.
import { DomainError } from '../../core/domain-error.ts';
import { eraseTitle } from '../../store/redaction-repo.ts';
import type { Store } from '../../store/store.ts';
import { type ChangeResult, destructiveChange } from './destructive-change.ts';

export function redactTitle(
  store: Store,
  sessionId: string,
  windowSeq: number,
  options: { reason?: string; actor?: string; at?: number } = {},
): ChangeResult<{ cleared: number }> {
  const spec = { sessionId, kind: 'title' as const, target: { windowSeq }, reason: options.reason ?? 'window title redacted', actor: options.actor, at: options.at };
  return destructiveChange(store, spec, () => {
    const changes = eraseTitle(store, sessionId, windowSeq);
    if (changes === 0) throw new DomainError('not-found', `Session ${sessionId} has no window ${windowSeq}.`);
    return { cleared: changes };
  });
}
