import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSignedPolicy, generateSigningKey, readEd25519Key, signPolicy, spkiBase64, type TrustedKey } from '../../src/consent/org-policy-signature.ts';
import type { SignedOrgPolicy } from '../../src/core/org-policy.ts';

const unsigned = (): SignedOrgPolicy => JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as SignedOrgPolicy;
const keyPair = () => {
  const made = generateSigningKey();
  const privateKey = readEd25519Key(made.privateKeyPem, 'private', 'test key');
  return { ...made, privateKey, publicKey: spkiBase64(privateKey) };
};
const admin = keyPair();
const council = keyPair();
const both = () => signPolicy(signPolicy(unsigned(), 'admin', admin.privateKey), 'council', council.privateKey);
const trust: TrustedKey[] = [
  { role: 'admin', publicKey: admin.publicKey, name: 'ada' },
  { role: 'council', publicKey: council.publicKey, name: 'carl' },
];
const problemOf = (file: unknown, trusted?: TrustedKey[]) => {
  const check = checkSignedPolicy(file, trusted);
  return check.ok ? 'took effect' : check.problem;
};

describe('two-signature organisation policy', () => {
  it('takes effect once an admin and a council member have both signed it, naming both signers', () => {
    const check = checkSignedPolicy(both(), trust);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.policy.organisation).toBe('Example Lab');
      expect(check.signers.map((s) => `${s.role}:${s.name}`)).toEqual(['admin:ada', 'council:carl']);
    }
  });

  it('does not take effect with one signature, whichever role gave it', () => {
    expect(problemOf(signPolicy(unsigned(), 'admin', admin.privateKey), trust)).toMatch(/signed by the admin only; it takes effect only once an admin and a council member have both signed it\.$/);
    expect(problemOf(signPolicy(unsigned(), 'council', council.privateKey), trust)).toMatch(/signed by the council only/);
    expect(problemOf(unsigned(), trust)).toMatch(/is not signed/);
  });

  it('fails for a policy changed after signing (one more app, a longer retention, a re-added site)', () => {
    const tampered = [
      (p: Record<string, unknown>) => (p.apps as unknown[]).push({ app: 'KeePassXC', keys: 'full', screens: 'on', titles: 'keep', sites: null }),
      (p: Record<string, unknown>) => (p.retentionDays = 3650),
      (p: Record<string, unknown>) => ((p.apps as { sites: string[] | null }[])[2]!.sites = null),
    ];
    for (const change of tampered) {
      const file = both();
      change(file.policy as Record<string, unknown>);
      expect(problemOf(file, trust)).toMatch(/does not match the policy: the policy was changed after it was signed/);
    }
  });

  it('still verifies after the file is re-indented or its keys reordered (canonical JSON is what is signed)', () => {
    const file = both();
    const policy = file.policy as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(policy).reverse());
    const rewritten = JSON.parse(JSON.stringify({ signatures: file.signatures, policy: reordered }, null, 4)) as unknown;
    expect(problemOf(rewritten, trust)).toBe('took effect');
  });

  it('refuses a council key signing as admin: not a known admin key, and a council signature relabelled as admin does not verify', () => {
    const councilAsAdmin = signPolicy(signPolicy(unsigned(), 'admin', council.privateKey), 'council', admin.privateKey);
    expect(problemOf(councilAsAdmin, trust)).toMatch(/^The admin signature is by key [0-9a-f]{16}, which is not a known admin key\.$/);
    const relabelled = signPolicy(unsigned(), 'council', council.privateKey);
    relabelled.signatures[0]!.role = 'admin';
    const withCouncil = signPolicy(relabelled, 'council', keyPair().privateKey);
    expect(problemOf(withCouncil)).toMatch(/signature was made for another role/);
  });

  it('refuses one key signing as both admin and council', () => {
    expect(() => signPolicy(signPolicy(unsigned(), 'admin', admin.privateKey), 'council', admin.privateKey)).toThrow(/already signed the policy as admin/);
    const forged = signPolicy(unsigned(), 'admin', admin.privateKey);
    forged.signatures.push({ ...signPolicy(unsigned(), 'council', council.privateKey).signatures[0]!, publicKey: admin.publicKey });
    expect(problemOf(forged)).toMatch(/council signature .* does not match/);
  });

  it('refuses to sign, and refuses to take, a policy that is not valid, in one sentence', () => {
    const invalid = unsigned();
    (invalid.policy as Record<string, unknown>).retentionDays = 0;
    expect(() => signPolicy(invalid, 'admin', admin.privateKey)).toThrow(/^The policy is not valid \(retentionDays: .*\), so it was not signed\.$/);
    expect(problemOf({ policy: {}, signatures: 'none' })).toMatch(/^The file is not a signed Cairn policy \(signatures: /);
    const extra = both();
    (extra.policy as Record<string, unknown>).recordEverything = true;
    expect(problemOf(extra)).toMatch(/^The policy is not valid \(/);
  });

  it('reads only Ed25519 PEM keys, saying what to do otherwise', () => {
    expect(() => readEd25519Key('not a key', 'private', 'key.pem')).toThrow(/^key\.pem is not a PEM private key; make one with `cairn org keygen --out FILE`\.$/);
    expect(() => readEd25519Key(admin.publicKeyPem, 'public', 'admin.pub')).not.toThrow();
  });
});
