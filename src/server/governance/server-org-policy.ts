// Works-council mode on the service: admins and council members register their public signing
// keys, and a policy is set only when signed by an admin and a council member with keys
// registered to users of those roles (so a council member's key cannot stand in for an admin's).
// The service serves the policy in force to contributors' machines (`cairn remote policy`), and
// refuses an upload recorded under wider policies than it allows.
import { createHash } from 'node:crypto';
import type { AppPolicy } from '../../core/app-policy.ts';
import { DomainError } from '../../core/domain-error.ts';
import { OrgPolicy, SignedOrgPolicy } from '../../core/org-policy.ts';
import { narrowAppPolicy } from '../../core/org-policy-narrowing.ts';
import { checkSignedPolicy, fingerprintOf, readEd25519Key, type Signer, spkiBase64 } from '../../consent/org-policy-signature.ts';
import type { Db, Queryable } from '../db/pool.ts';
import { currentOrgPolicy, deleteSigningKey, insertOrgPolicy, insertSigningKey, trustedSigningKeys, userNamed } from './governance-repo.ts';

export interface PolicyInForce {
  file: SignedOrgPolicy;
  policy: OrgPolicy;
  sha256: string;
  setAt: number;
  signers: (Signer & { name: string })[];
}

/** Registers `name`'s public signing key; only an admin or a council member may hold one. */
export async function registerSigningKey(db: Db, name: string, publicKeyPem: string, source: string): Promise<{ fingerprint: string; role: string }> {
  const user = await userNamed(db, name);
  if (!user || user.revoked) throw new DomainError('not-found', `There is no user ${name.slice(0, 64)} with a valid token on this service; add them with \`cairn server add-user\` first.`);
  if (user.role !== 'admin' && user.role !== 'council') throw new DomainError('refused', `${name} is a ${user.role}; only an admin or a council member signs the organisation policy.`);
  const publicKey = spkiBase64(readEd25519Key(publicKeyPem, 'public', source));
  const fingerprint = fingerprintOf(publicKey);
  if (!(await insertSigningKey(db, { userId: user.id, publicKey, fingerprint, at: Date.now() }))) {
    throw new DomainError('conflict', `The key ${fingerprint} is registered already; each person registers a key of their own.`);
  }
  return { fingerprint, role: user.role };
}

/** Removes a registered key: the policy in force stays (it was checked when set), later ones
 *  signed by it are refused. */
export async function removeSigningKey(db: Db, fingerprint: string): Promise<{ fingerprint: string; name: string; role: string }> {
  if (!/^[0-9a-f]{16}$/.test(fingerprint)) throw new DomainError('invalid-input', `"${fingerprint.slice(0, 40)}" is not a key fingerprint; give the 16 hex digits \`cairn server add-key\` printed.`);
  const removed = await deleteSigningKey(db, fingerprint);
  if (!removed) throw new DomainError('not-found', `No signing key ${fingerprint} is registered on this service.`);
  return { fingerprint, ...removed };
}

/** Sets the policy in force, once both signatures check against the registered keys. */
export async function setOrgPolicy(db: Db, json: unknown, at = Date.now()): Promise<PolicyInForce> {
  const trusted = await trustedSigningKeys(db);
  const check = checkSignedPolicy(json, trusted);
  if (!check.ok) throw new DomainError('refused', `${check.problem.replace(/\.$/, '')}, so the policy was not set.`);
  const current = await policyInForce(db);
  if (current && Date.parse(check.policy.issuedAt) < Date.parse(current.policy.issuedAt)) {
    throw new DomainError('conflict', `This policy was issued ${check.policy.issuedAt}, before the one in force (${current.policy.issuedAt}), so it was not set.`);
  }
  const file = JSON.stringify(check.file);
  const sha256 = createHash('sha256').update(file).digest('hex');
  await insertOrgPolicy(db, { file, sha256, issuedAt: check.policy.issuedAt, at });
  return { file: check.file, policy: check.policy, sha256, setAt: at, signers: named(check.signers, trusted) };
}

export async function policyInForce(db: Queryable): Promise<PolicyInForce | null> {
  const stored = await currentOrgPolicy(db);
  if (!stored) return null;
  const trusted = await trustedSigningKeys(db);
  // Checked when it was set; read again here for its signers' names (a key since removed reads unnamed).
  const check = checkSignedPolicy(JSON.parse(stored.file));
  if (!check.ok) throw new Error(`The stored organisation policy no longer checks: ${check.problem}`);
  return { file: check.file, policy: check.policy, sha256: stored.sha256, setAt: stored.setAt, signers: named(check.signers, trusted) };
}

/** Refuses a session recorded under policies the one in force does not allow (an app it does not
 *  list, or more of an app than it allows). */
export function assertWithinPolicy(sessionId: string, policies: readonly AppPolicy[], org: OrgPolicy | null): void {
  if (!org) return;
  const wider = policies.filter((p) => p.allowed && narrowAppPolicy(p, org).limit !== 'none').map((p) => p.app);
  if (wider.length === 0) return;
  throw new DomainError('refused', `Session ${sessionId} was recorded with more than the organisation policy allows (${wider.join(', ').slice(0, 200)}), so it was not stored; record again under the policy (\`cairn remote policy\`).`);
}

function named(signers: readonly Signer[], trusted: readonly { publicKey: string; name?: string }[]): (Signer & { name: string })[] {
  return signers.map((s) => ({ ...s, name: s.name ?? trusted.find((t) => fingerprintOf(t.publicKey) === s.fingerprint)?.name ?? '(key no longer registered)' }));
}
