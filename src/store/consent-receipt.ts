// The consent that covered a session: the acceptance it was recorded under on this machine, or, for
// a session imported from a bundle, the receipt the bundle carried (kept in the import's audit row,
// since another person's acceptance must never count as consent in force on this machine). Only
// this machine's import row counts: an audit row a bundle brought (origin set) is a mere claim.
import { getAcceptance } from './consent-repo.ts';
import type { Store } from './store.ts';

export interface ConsentReceipt {
  version: string;
  sha256: string;
  acceptedAt: number;
  withdrawnAt: number | null;
}

export const IMPORT_ACTION = 'bundle.import';

export function consentReceipt(store: Store, sessionId: string): ConsentReceipt | null {
  const consentId = store.prepare<[string], number | null>('SELECT consent_id FROM sessions WHERE id = ?').pluck().get(sessionId);
  if (consentId !== undefined && consentId !== null) {
    const a = getAcceptance(store, consentId);
    return a ? { version: a.version, sha256: a.sha256, acceptedAt: a.acceptedAt, withdrawnAt: a.withdrawnAt } : null;
  }
  const detail = store
    .prepare<[string, string], string | null>('SELECT detail FROM audit WHERE session_id = ? AND action = ? AND origin IS NULL ORDER BY id DESC LIMIT 1')
    .pluck()
    .get(sessionId, IMPORT_ACTION);
  if (!detail) return null;
  const consent = (JSON.parse(detail) as { consent?: ConsentReceipt }).consent;
  return consent ?? null;
}
