// Redacting the task: the whole task text is erased (NULL, as if none was given), since a task is
// one short sentence and any part of it left could still point at what was removed.
import { DomainError } from '../../core/domain-error.ts';
import { eraseTask } from '../../store/redaction-repo.ts';
import type { Store } from '../../store/store.ts';
import { type ChangeResult, destructiveChange } from './destructive-change.ts';

export function redactTask(store: Store, sessionId: string, options: { reason?: string; actor?: string; at?: number } = {}): ChangeResult<{ cleared: number }> {
  const spec = { sessionId, kind: 'task' as const, target: {}, reason: options.reason ?? 'task redacted', actor: options.actor, at: options.at };
  return destructiveChange(store, spec, () => {
    const changes = eraseTask(store, sessionId);
    if (changes === 0) throw new DomainError('not-found', `Session ${sessionId} is not in the store.`);
    return { cleared: changes };
  });
}
