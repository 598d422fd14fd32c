// The egress check: the one gate every export of session content passes (CLI `export`, the API's
// export.run, anything else that writes sessions outside the store). Only sessions that are
// approved and have no open finding get through; anything else is refused with one sentence naming
// the first blocked session and why. Bundles of *submitted* sessions are a different path (they move
// sessions to a reviewer, see export/bundle/) and do not pass here.
import { DomainError } from '../core/domain-error.ts';
import { isExportable, openFindings } from '../review/workflow.ts';
import { sessionState } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';

export class ExportRefused extends DomainError {
  readonly sessionId: string | null;

  constructor(message: string, sessionId: string | null = null) {
    super('refused', message);
    this.name = 'ExportRefused';
    this.sessionId = sessionId;
  }
}

/** Throws ExportRefused unless every session is approved with no open finding. */
export function assertExportable(store: Store, sessionIds: readonly string[]): void {
  if (sessionIds.length === 0) throw new ExportRefused('No session was chosen for export; name at least one approved session.');
  for (const id of sessionIds) {
    const why = blockedBecause(store, id);
    if (why !== null) throw new ExportRefused(`Session ${id} cannot be exported: ${why}.`, id);
  }
}

/** Why a session may not leave this machine, or null when it may. */
export function blockedBecause(store: Store, id: string): string | null {
  const state = sessionState(store, id);
  if (state === undefined) return 'there is no such session (see `cairn sessions`)';
  if (isExportable(store, id)) return null;
  if (state !== 'approved') return `it is ${state}, and only sessions a reviewer approved may leave this machine`;
  const open = openFindings(store, id).length;
  return `${open} finding${open === 1 ? ' is' : 's are'} still open; redact or waive ${open === 1 ? 'it' : 'them'} first`;
}
