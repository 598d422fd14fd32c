// What governance asks of an upload as the service takes it in: every session recorded within the
// organisation policy in force (checked before anything is stored), and each session's step count
// (the actions `export` would derive from it) kept for the contributor ledger.
import type { AppPolicy } from '../../core/app-policy.ts';
import { deriveActions } from '../../export/actions/derive-actions.ts';
import type { VerifiedSession } from '../../export/bundle/verify-bundle.ts';
import { exportSessionOf } from '../../remote/pull-dataset.ts';
import type { Queryable } from '../db/pool.ts';
import { setSessionSteps } from './governance-repo.ts';
import { assertWithinPolicy, policyInForce } from './server-org-policy.ts';

export async function checkUploadPolicy(db: Queryable, sessions: readonly { id: string; policiesJson: string }[]): Promise<void> {
  const org = (await policyInForce(db))?.policy ?? null;
  for (const s of sessions) assertWithinPolicy(s.id, JSON.parse(s.policiesJson) as AppPolicy[], org);
}

/** The session's step count (CPU work: the ingest worker counts it, off the event loop). */
export function stepsOf(s: VerifiedSession): number {
  return deriveActions(exportSessionOf(s, { reviewer: '', approvedAt: 0 })).length;
}

export async function recordSteps(db: Queryable, id: string, steps: number): Promise<void> {
  await setSessionSteps(db, id, steps);
}
