// A policy on its way to being in force: an admin or a council member sends it to the service
// signed by themselves (`cairn remote send-policy`); with one signature it waits as the pending
// version, which the other side sees on their screen, downloads, signs with their own private key
// (`cairn org sign`, never on the service) and sends back; with both it is set (server-org-policy.ts).
import { createHash } from 'node:crypto';
import { DomainError } from '../../core/domain-error.ts';
import type { OrgPolicy } from '../../core/org-policy.ts';
import { checkSignedPolicy, fingerprintOf, type Signer } from '../../consent/org-policy-signature.ts';
import type { PolicyStatus, PolicyView } from '../../remote/api-schemas.ts';
import type { Db, Queryable } from '../db/pool.ts';
import type { User } from '../server-context.ts';
import { insertPolicyProposal, latestPolicyProposal, trustedSigningKeys } from './governance-repo.ts';
import { policyInForce, setOrgPolicy } from './server-org-policy.ts';

/** Sets the policy when both signed it, else keeps it as the pending version when the one
 *  signature it carries is genuine, by a key registered for its role, and the policy is newer. */
export async function sendOrgPolicy(db: Db, json: unknown, user: User, at = Date.now()): Promise<PolicyStatus> {
  const check = checkSignedPolicy(json, await trustedSigningKeys(db));
  if (check.ok) {
    await setOrgPolicy(db, json, at);
    return policyStatus(db);
  }
  if (!check.awaiting) throw new DomainError('refused', `${check.problem.replace(/\.$/, '')}, so the policy was not taken.`);
  const current = await policyInForce(db);
  if (current && Date.parse(check.awaiting.policy.issuedAt) <= Date.parse(current.policy.issuedAt)) {
    throw new DomainError('conflict', `This policy was issued ${check.awaiting.policy.issuedAt}, not after the one in force (${current.policy.issuedAt}); give it a later issuedAt and sign it again.`);
  }
  const file = JSON.stringify(check.awaiting.file);
  await insertPolicyProposal(db, { file, sha256: sha256Of(file), issuedAt: check.awaiting.policy.issuedAt, sentBy: user.id, at });
  return policyStatus(db);
}

/** The policy in force and the version waiting for its second signature (none once a policy as
 *  new or newer is in force). */
export async function policyStatus(db: Queryable): Promise<PolicyStatus> {
  const current = await policyInForce(db);
  const inForce = current && { ...viewOf(current.policy, current.sha256, current.signers), setAt: current.setAt };
  const sent = await latestPolicyProposal(db);
  if (!sent) return { inForce, pending: null };
  const check = checkSignedPolicy(JSON.parse(sent.file));
  const awaiting = check.ok ? null : check.awaiting;
  if (!awaiting || (current && Date.parse(awaiting.policy.issuedAt) <= Date.parse(current.policy.issuedAt))) return { inForce, pending: null };
  const trusted = await trustedSigningKeys(db);
  const signers = awaiting.signers.map((s) => ({ ...s, name: trusted.find((t) => fingerprintOf(t.publicKey) === s.fingerprint)?.name ?? '(key no longer registered)' }));
  return { inForce, pending: { ...viewOf(awaiting.policy, sent.sha256, signers), sentAt: sent.sentAt, sentBy: sent.sentBy, missing: awaiting.missing } };
}

/** The pending version's signed file, as sent, for the other signer to download. */
export async function pendingPolicyFile(db: Queryable): Promise<string> {
  const status = await policyStatus(db);
  const sent = status.pending && (await latestPolicyProposal(db));
  if (!sent) throw new DomainError('not-found', 'No policy is waiting for a signature on this service.');
  return sent.file;
}

function viewOf(p: OrgPolicy, sha256: string, signers: readonly (Signer & { name?: string })[]): PolicyView {
  return {
    organisation: p.organisation,
    issuedAt: p.issuedAt,
    sha256,
    apps: p.apps,
    retentionDays: p.retentionDays,
    purposes: p.purposes,
    consent: p.consent,
    signers: signers.map((s) => ({ role: s.role, name: s.name ?? '(unnamed key)', fingerprint: s.fingerprint })),
  };
}

function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
