// Works-council mode on a contributor's machine: taking in the organisation's policy (from a file
// or, with `cairn remote policy`, from the service) only once both signatures check, and saying
// what it does to the person's own choices. The narrowing itself is src/core/org-policy-narrowing.ts;
// the recorder, `apps list` and retention read the stored policy through src/store/org-policy-repo.ts.
import { DomainError } from '../core/domain-error.ts';
import { narrowAppPolicy, narrowRetention } from '../core/org-policy-narrowing.ts';
import { checkSignedPolicy, fingerprintOf, type Signer, type TrustedKey } from '../consent/org-policy-signature.ts';
import { type InstalledOrgPolicy, readOrgPolicy, saveOrgPolicy } from '../store/org-policy-repo.ts';
import { listPolicies } from '../store/policy-repo.ts';
import { getSettings } from '../store/settings-repo.ts';
import type { Store } from '../store/store.ts';
import { plural } from '../shared/format.ts';

/** What the organisation's policy does on this machine. */
export interface OrgPolicyEffect {
  /** Apps the person allowed that the policy does not allow: not recorded. */
  denied: string[];
  /** Apps the person allowed that the policy allows with less (modes or sites). */
  limited: string[];
  /** Days after which unsubmitted sessions are erased, the shorter of the two. */
  retentionDays: number | null;
}

/** Checks a signed policy file and stores it as the one this machine runs under. */
export function installOrgPolicy(
  store: Store,
  file: unknown,
  options: { source: string; trusted?: readonly TrustedKey[]; at?: number },
): { installed: InstalledOrgPolicy; signers: Signer[]; effect: OrgPolicyEffect } {
  const check = checkSignedPolicy(file, options.trusted);
  if (!check.ok) throw new DomainError('refused', `${check.problem.replace(/\.$/, '')}, so it was not taken.`);
  const current = readOrgPolicy(store);
  // An older policy may allow what a newer one took back: never step back to it.
  if (current && Date.parse(check.policy.issuedAt) < Date.parse(current.policy.issuedAt)) {
    throw new DomainError('conflict', `This policy was issued ${check.policy.issuedAt}, before the one in force (${current.policy.issuedAt}), so it was not taken; ask your admin for the current one.`);
  }
  const installed = saveOrgPolicy(store, check.file, { source: options.source, actor: 'contributor', at: options.at });
  return { installed, signers: check.signers, effect: orgPolicyEffect(store) };
}

/** What the policy does to the person's choices, in words (`org show`, `org install`, sync). */
export function describeOrgPolicyEffect(effect: OrgPolicyEffect): string {
  const parts = [
    effect.denied.length ? `${effect.denied.join(', ')} ${effect.denied.length === 1 ? 'is' : 'are'} no longer recorded` : 'none of your allowed apps is denied',
    effect.limited.length ? `${effect.limited.join(', ')} ${effect.limited.length === 1 ? 'is' : 'are'} recorded with less` : '',
    effect.retentionDays === null ? '' : `sessions not submitted are erased after ${plural(effect.retentionDays, 'day')}`,
  ];
  return parts.filter(Boolean).join('; ');
}

/** Takes a policy in and says so in one sentence. */
export function installOrgPolicySaying(store: Store, file: unknown, options: { source: string; trusted?: readonly TrustedKey[] }): string {
  const { installed, effect } = installOrgPolicy(store, file, options);
  return `This machine now runs under the policy of ${installed.policy.organisation} issued ${installed.policy.issuedAt}: ${describeOrgPolicyEffect(effect)}.`;
}

export function orgPolicyEffect(store: Store): OrgPolicyEffect {
  const org = readOrgPolicy(store)?.policy ?? null;
  const effect: OrgPolicyEffect = { denied: [], limited: [], retentionDays: narrowRetention(getSettings(store).retentionDays, org) };
  for (const p of listPolicies(store)) {
    const { limit } = narrowAppPolicy(p, org);
    if (limit === 'denied') effect.denied.push(p.app);
    if (limit === 'limited') effect.limited.push(p.app);
  }
  return effect;
}

/** The policy in force here as the Apps screen names it: who issued it, when, and the keys that signed it. */
export function orgPolicyInfo(store: Store): { organisation: string; issuedAt: string; installedAt: number; signers: { role: Signer['role']; fingerprint: string }[] } | null {
  const installed = readOrgPolicy(store);
  if (!installed) return null;
  const signers = installed.file.signatures.map((s) => ({ role: s.role, fingerprint: fingerprintOf(s.publicKey) }));
  return { organisation: installed.policy.organisation, issuedAt: installed.policy.issuedAt, installedAt: installed.installedAt, signers };
}
