// Redacting an element's name (or one name in a window tree): the name is erased (NULL), as a
// title is; the element's role, bounds and path stay, since they say what was acted on without
// saying what it read.
import { DomainError } from '../../core/domain-error.ts';
import { eraseElementName } from '../../store/elements-repo.ts';
import type { Store } from '../../store/store.ts';
import { type ChangeResult, destructiveChange } from './destructive-change.ts';

export function redactElementName(
  store: Store,
  sessionId: string,
  elementSeq: number,
  node: number | undefined,
  options: { reason?: string; actor?: string; at?: number } = {},
): ChangeResult<{ cleared: number }> {
  const target = node === undefined ? { elementSeq } : { elementSeq, node };
  const spec = { sessionId, kind: 'element' as const, target, reason: options.reason ?? 'element name redacted', actor: options.actor, at: options.at };
  return destructiveChange(store, spec, () => {
    if (!eraseElementName(store, sessionId, elementSeq, node)) throw new DomainError('not-found', `Session ${sessionId} has no named element ${elementSeq}${node === undefined ? '' : ` node ${node}`}.`);
    return { cleared: 1 };
  });
}
