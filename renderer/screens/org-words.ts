// Why an app cannot be allowed under the organisation's policy, in one sentence that names the
// policy: who issued it, when, the two keys that signed it, and since when this machine runs under it.
import { formatDate } from '../../src/shared/format.ts';
import type { OrgPolicyInfo } from '../stores/apps-store.ts';

export function orgDeniedWords(app: string, org: OrgPolicyInfo): string {
  if (!org) return `Your organisation's policy does not allow ${app} to be recorded.`;
  const key = (role: 'admin' | 'council') => org.signers.find((s) => s.role === role)?.fingerprint ?? '?';
  return (
    `Your organisation's policy (${org.organisation}, issued ${formatDate(org.issuedAt)}), signed by its admin (key ${key('admin')}) and its works council ` +
    `(key ${key('council')}) and in force here since ${formatDate(org.installedAt)}, does not allow ${app} to be recorded.`
  );
}
