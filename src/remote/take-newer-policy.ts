// `remote sync`'s second half, for the CLI and the desktop app alike: the service's organisation
// policy is taken in when it differs from the one this machine runs under, so that a narrower
// policy reaches contributors who only sync. Both signatures are checked here again, and a policy
// older than the one installed is kept out (said, not thrown: it must not fail a withdrawal's sync).
import { DomainError } from '../core/domain-error.ts';
import { installOrgPolicySaying } from '../services/org-policy.ts';
import { readOrgPolicy } from '../store/org-policy-repo.ts';
import type { Store } from '../store/store.ts';
import { GOVERNANCE_ROUTES, PolicyAnswer } from './governance-api.ts';
import type { RemoteClient } from './remote-client.ts';

/** The sentence to show, or null when the service sets no policy or the same one. */
export async function takeNewerPolicy(client: RemoteClient, withStore: <T>(fn: (store: Store) => T) => Promise<T>): Promise<string | null> {
  let answer: PolicyAnswer;
  try {
    answer = await client.json(GOVERNANCE_ROUTES.policy, PolicyAnswer);
  } catch (error) {
    if (error instanceof DomainError && error.apiCode === 'not-found') return null;
    throw error;
  }
  // Both sides hash the checked file's JSON text, so equal digests are the same policy.
  if ((await withStore((store) => readOrgPolicy(store)))?.sha256 === answer.sha256) return null;
  try {
    return await withStore((store) => installOrgPolicySaying(store, answer.file, { source: client.url }));
  } catch (error) {
    if (error instanceof DomainError && error.apiCode === 'conflict') return `Kept this machine's organisation policy: ${error.message}`;
    throw error;
  }
}
