// The two signatures an organisation's policy needs before it takes effect: one by an admin and one
// by a member of the works council, each with their own Ed25519 key. What is signed is the policy in
// RFC 8785 canonical JSON (the `canonicalize` package), prefixed by the role, so the same bytes
// verify wherever the file was re-indented and a signature given as council cannot be passed off as
// the admin's. Whose keys count is the verifier's to say (`trusted`): the service knows its admins'
// and council members' keys, `cairn org verify` takes them as files.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { firstIssue, OrgPolicy, SignedOrgPolicy, SIGNING_ROLES, type SigningRole } from '../core/org-policy.ts';

const DOMAIN = 'cairn-org-policy-signature/1';

/** A public key the verifier accepts for one role. */
export interface TrustedKey {
  role: SigningRole;
  /** SPKI DER in base64, as a signature names its key. */
  publicKey: string;
  /** Who holds it, for messages (a user's name on the service). */
  name?: string;
}

export interface Signer {
  role: SigningRole;
  fingerprint: string;
  name?: string;
}

export type PolicyCheck =
  | { ok: true; policy: OrgPolicy; file: SignedOrgPolicy; signers: Signer[] }
  | {
      ok: false;
      problem: string;
      /** Set when the one thing wrong is a missing signature: what is there checks, and `missing` would complete it. */
      awaiting?: { missing: SigningRole; policy: OrgPolicy; file: SignedOrgPolicy; signers: Signer[] };
    };

export function generateSigningKey(): { privateKeyPem: string; publicKeyPem: string; fingerprint: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: fingerprintOf(spkiBase64(publicKey)),
  };
}

/** A key as signatures and trust lists name it: SPKI DER in base64 (from a public or private key). */
export function spkiBase64(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** A short name for a key that people can compare: the first 16 hex digits of its SPKI's sha256. */
export function fingerprintOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16);
}

/** Reads a PEM Ed25519 key (private or public); throws one sentence for anything else. */
export function readEd25519Key(pem: string, kind: 'private' | 'public', source: string): KeyObject {
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new Error(`${source} is not a PEM ${kind} key; make one with \`cairn org keygen --out FILE\`.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source} is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519; make one with \`cairn org keygen --out FILE\`.`);
  return key;
}

/** The bytes a signature covers: the role and the policy's canonical JSON. */
export function signedMessage(role: SigningRole, policy: unknown): Buffer {
  const canonical = canonicalize(policy);
  if (canonical === undefined) throw new Error('The policy cannot be written as canonical JSON.');
  return Buffer.from(`${DOMAIN}\n${role}\n${canonical}`, 'utf8');
}

/** The file with this key's signature as `role` added (replacing its earlier one); refuses an
 *  invalid policy and a key that already signed in the other role. */
export function signPolicy(file: SignedOrgPolicy, role: SigningRole, privateKey: KeyObject): SignedOrgPolicy {
  const parsed = OrgPolicy.safeParse(file.policy);
  if (!parsed.success) throw new Error(`The policy is not valid (${firstIssue(parsed.error)}), so it was not signed.`);
  const publicKey = spkiBase64(privateKey);
  const other = file.signatures.find((s) => s.publicKey === publicKey && s.role !== role);
  if (other) throw new Error(`This key already signed the policy as ${other.role}; the ${role} must sign with a key of their own.`);
  const signature = sign(null, signedMessage(role, file.policy), privateKey).toString('base64');
  const kept = file.signatures.filter((s) => !(s.publicKey === publicKey && s.role === role));
  return { policy: file.policy, signatures: [...kept, { role, publicKey, signature }] };
}

/**
 * Whether a policy file takes effect: a valid policy, every signature on it genuine, and one by an
 * admin and one by a council member with two different keys (each trusted for its role, when a
 * trust list is given). Fails closed: one bad signature refuses the whole file.
 */
export function checkSignedPolicy(file: unknown, trusted?: readonly TrustedKey[]): PolicyCheck {
  const envelope = SignedOrgPolicy.safeParse(file);
  if (!envelope.success) return { ok: false, problem: `The file is not a signed Cairn policy (${firstIssue(envelope.error)}).` };
  const policy = OrgPolicy.safeParse(envelope.data.policy);
  if (!policy.success) return { ok: false, problem: `The policy is not valid (${firstIssue(policy.error)}).` };
  const signers: Signer[] = [];
  for (const s of envelope.data.signatures) {
    const fingerprint = fingerprintOf(s.publicKey);
    if (!genuine(s.role, envelope.data.policy, s.publicKey, s.signature)) {
      return { ok: false, problem: `The ${s.role} signature by key ${fingerprint} does not match the policy: the policy was changed after it was signed, or the signature was made for another role.` };
    }
    const trust = trusted?.find((t) => t.publicKey === s.publicKey && t.role === s.role);
    if (trusted && !trust) return { ok: false, problem: `The ${s.role} signature is by key ${fingerprint}, which is not a known ${s.role} key.` };
    signers.push({ role: s.role, fingerprint, ...(trust?.name ? { name: trust.name } : {}) });
  }
  for (const role of SIGNING_ROLES) {
    if (signers.some((s) => s.role === role)) continue;
    const other = role === 'admin' ? 'council' : 'admin';
    const half = signers.some((s) => s.role === other);
    return {
      ok: false,
      problem: `The policy ${half ? `is signed by the ${other} only` : 'is not signed'}; it takes effect only once an admin and a council member have both signed it.`,
      ...(half ? { awaiting: { missing: role, policy: policy.data, file: envelope.data, signers } } : {}),
    };
  }
  const admins = new Set(signers.filter((s) => s.role === 'admin').map((s) => s.fingerprint));
  if (signers.every((s) => s.role === 'admin' || admins.has(s.fingerprint))) {
    return { ok: false, problem: 'The admin and council signatures are by the same key; each must sign with a key of their own.' };
  }
  return { ok: true, policy: policy.data, file: envelope.data, signers };
}

function genuine(role: SigningRole, policy: unknown, publicKey: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, signedMessage(role, policy), key, Buffer.from(signature, 'base64'));
  } catch {
    // A key or signature that cannot even be read is as false as a wrong one.
    return false;
  }
}
