// The frame every redaction runs in: refuse sessions that cannot be changed, apply the change in one
// transaction with its redactions row (which names the place, never the content) and its audit row,
// settle the findings whose content is gone, then settle the erasure (settleErasure: copies kept in
// the data folder erased, the WAL checkpointed and truncated). With secure_delete on, SQLite has
// zeroed the old cells and freed pages in the database file; after the checkpoint the journal holds
// no older page image either.
import { DomainError } from '../../core/domain-error.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { settleErasure } from '../../store/erase.ts';
import { type RedactionKind, recordRedaction } from '../../store/redaction-repo.ts';
import { sessionRow } from '../../store/session-repo.ts';
import type { Store } from '../../store/store.ts';
import { settleFindings } from './settle-findings.ts';

export interface ChangeSpec {
  sessionId: string;
  kind: RedactionKind;
  /** Where the change was made (seqs, a box, a time range): never what was there. */
  target: Record<string, unknown>;
  reason: string;
  actor?: string;
  at?: number;
}

export interface ChangeResult<T> {
  result: T;
  /** False when another connection kept the WAL from being emptied; the next checkpoint will. */
  checkpointed: boolean;
}

export function destructiveChange<T>(store: Store, spec: ChangeSpec, apply: () => T): ChangeResult<T> {
  const at = spec.at ?? Date.now();
  const { result, actor } = store.tx(() => {
    const state = sessionRow(store, spec.sessionId).state;
    if (state === 'recording' || state === 'deleted') {
      throw new DomainError('conflict', `Session ${spec.sessionId} is ${state}, so it cannot be redacted${state === 'recording' ? '; stop the recording first' : ''}.`);
    }
    const actor = spec.actor ?? actorFor(state);
    const result = apply();
    recordRedaction(store, { sessionId: spec.sessionId, kind: spec.kind, target: JSON.stringify(spec.target), reason: spec.reason, actor, at });
    const settled = settleFindings(store, spec.sessionId, at);
    appendAudit(store, { at, actor, action: `review.redact-${spec.kind}`, sessionId: spec.sessionId, detail: { ...spec.target, settledFindings: settled } });
    return { result, actor };
  });
  return { result, checkpointed: settleErasure(store, [spec.sessionId], actor, at) };
}

/** Who is redacting: the reviewer once the session is submitted, its contributor before. */
export function actorFor(state: string): string {
  return state === 'submitted' || state === 'approved' ? 'reviewer' : 'contributor';
}
