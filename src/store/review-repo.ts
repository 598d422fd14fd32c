// A session's review verdict: who approved or rejected it, when, and the reason a rejection gives
// the contributor. It sits beside the session's state, which only the state machine moves
// (session-repo's applyAction); the review workflow writes both in one transaction.
import type { Store } from './store.ts';

export interface ReviewInfo {
  reviewer: string | null;
  reviewedAt: number | null;
  /** The reviewer's reason for a rejection. */
  reason: string | null;
}

export function readReview(store: Store, sessionId: string): ReviewInfo {
  const row = store
    .prepare<[string], { reviewed_by: string | null; reviewed_at: number | null; review_reason: string | null }>(
      'SELECT reviewed_by, reviewed_at, review_reason FROM sessions WHERE id = ?',
    )
    .get(sessionId);
  return { reviewer: row?.reviewed_by ?? null, reviewedAt: row?.reviewed_at ?? null, reason: row?.review_reason ?? null };
}

/** Records the verdict; an approval has no reason (a rejection's earlier reason is cleared). */
export function recordReview(store: Store, sessionId: string, verdict: { actor: string; at: number; reason: string | null }): void {
  store
    .prepare('UPDATE sessions SET reviewed_by = ?, reviewed_at = ?, review_reason = ? WHERE id = ?')
    .run(verdict.actor, verdict.at, verdict.reason, sessionId);
}
