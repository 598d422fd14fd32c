// Works-council mode through the real `cairn` CLI: keys, the two signatures, and a contributor's
// machine that takes the organisation's policy in and can then only record less.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { openStore } from '../../src/store/open-store.ts';
import { applyAction } from '../../src/store/session-repo.ts';
import { seedSession } from '../store/helpers.ts';
import { type CliResult, runCairn } from '../helpers/cli.ts';

const DAY = 24 * 60 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'cairn-org-'));
const env = (dataDir: string): NodeJS.ProcessEnv => ({ ...process.env, CAIRN_DATA_DIR: dataDir, DISPLAY: '' });
const cairn = (args: string[], dataDir = join(dir, 'unused')) => runCairn(args, env(dataDir));
const ok = async (args: string[], dataDir?: string): Promise<CliResult> => {
  const r = await cairn(args, dataDir);
  if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};
const policyFile = (name: string, change: (p: Record<string, unknown>) => void = () => undefined) => {
  const file = join(dir, name);
  const json = JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as { policy: Record<string, unknown> };
  json.policy.consent = { version: loadConsentText().version, sha256: loadConsentText().sha256 };
  change(json.policy);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
};
const signBoth = async (file: string) => {
  await ok(['org', 'sign', file, '--key', join(dir, 'admin.key'), '--role', 'admin']);
  await ok(['org', 'sign', file, '--key', join(dir, 'council.key'), '--role', 'council']);
  return file;
};
type AppsJson = { apps: { app: string; allowed: boolean; keys: string; titles: string; sites: string[] | null; org: string }[] };
const appsOf = async (dataDir: string) => Object.fromEntries((JSON.parse((await ok(['apps', 'list', '--json'], dataDir)).stdout) as AppsJson).apps.map((a) => [a.app, a]));

beforeAll(async () => {
  await ok(['org', 'keygen', '--out', join(dir, 'admin.key')]);
  await ok(['org', 'keygen', '--out', join(dir, 'council.key')]);
});

describe('cairn org: keys and the two signatures', () => {
  it('keygen writes a private key only its owner can read and refuses to overwrite one', async () => {
    expect(readFileSync(join(dir, 'admin.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(join(dir, 'admin.key.pub'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await cairn(['org', 'keygen', '--out', join(dir, 'admin.key')]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^cairn: .*admin\.key already exists; give --out a new file name\.\n$/);
  });

  it('a policy signed by the admin alone does not take effect (verify exits 1 saying why); with the council it does', async () => {
    const file = policyFile('one-signature.json');
    const signed = await ok(['org', 'sign', file, '--key', join(dir, 'admin.key'), '--role', 'admin']);
    expect(signed.stdout).toMatch(/as admin; it is signed by the admin only; it takes effect only once/);
    const one = await cairn(['org', 'verify', file]);
    expect(one.code).toBe(1);
    expect(one.stderr).toBe('cairn: The policy is signed by the admin only; it takes effect only once an admin and a council member have both signed it.\n');
    await ok(['org', 'sign', file, '--key', join(dir, 'council.key'), '--role', 'council']);
    const both = await ok(['org', 'verify', file, '--admin-key', join(dir, 'admin.key.pub'), '--council-key', join(dir, 'council.key.pub'), '--json']);
    expect(JSON.parse(both.stdout)).toMatchObject({ ok: true, organisation: 'Example Lab', keysChecked: true, signers: [{ role: 'admin' }, { role: 'council' }] });
  });

  it('refuses a council key passed off as the admin key, a tampered policy, and a bad role', async () => {
    const swapped = policyFile('swapped.json');
    await ok(['org', 'sign', swapped, '--key', join(dir, 'council.key'), '--role', 'admin']);
    await ok(['org', 'sign', swapped, '--key', join(dir, 'admin.key'), '--role', 'council']);
    const refused = await cairn(['org', 'verify', swapped, '--admin-key', join(dir, 'admin.key.pub'), '--council-key', join(dir, 'council.key.pub')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^cairn: The admin signature is by key [0-9a-f]{16}, which is not a known admin key\.\n$/);

    const tampered = await signBoth(policyFile('tampered.json'));
    writeFileSync(tampered, readFileSync(tampered, 'utf8').replace('"retentionDays": 30', '"retentionDays": 3650'));
    const changed = await cairn(['org', 'verify', tampered]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/signature by key [0-9a-f]{16} does not match the policy: the policy was changed after it was signed/);

    const role = await cairn(['org', 'sign', tampered, '--key', join(dir, 'admin.key'), '--role', 'owner']);
    expect(role.code).toBe(2);
    expect(role.stderr).toBe('cairn: Invalid --role value "owner": use admin or council.\n');
  });
});

describe('a contributor machine under the organisation policy', () => {
  it('narrows what the person allowed: an unlisted app denied, modes and sites cut to the policy, and cannot be widened', async () => {
    const data = join(dir, 'contributor');
    await ok(['apps', 'allow', 'code'], data);
    await ok(['apps', 'allow', 'Mousepad'], data);
    await ok(['apps', 'allow', 'Chromium', '--site', 'github.com', '--site', 'example.com'], data);
    await ok(['apps', 'allow', 'XTerm', '--keys', 'timing'], data);
    const before = await appsOf(data);
    expect(before.code).toMatchObject({ allowed: true, org: 'none' });

    const installed = await ok(['org', 'install', await signBoth(policyFile('contributor.json'))], data);
    expect(installed.stdout).toMatch(/runs under the policy of Example Lab .*: code is no longer recorded; Chromium, Mousepad are recorded with less; sessions not submitted are erased after 30 days\.\n$/);
    const after = await appsOf(data);
    expect(after.code).toMatchObject({ allowed: false, keys: 'off', org: 'denied' });
    expect(after.Mousepad).toMatchObject({ allowed: true, keys: 'timing', titles: 'off', org: 'limited' });
    expect(after.Chromium).toMatchObject({ allowed: true, sites: ['github.com'], org: 'limited' });
    // The policy allows XTerm with full keys; the person chose timing, and timing it stays.
    expect(after.XTerm).toMatchObject({ allowed: true, keys: 'timing', org: 'none' });

    const widen = await cairn(['apps', 'allow', 'code'], data);
    expect(widen.code).toBe(1);
    expect(widen.stderr).toBe("cairn: Your organisation's policy (Example Lab) does not allow code to be recorded, so it stays denied.\n");
    const site = await cairn(['apps', 'allow', 'Chromium', '--site', 'example.com'], data);
    expect(site.code).toBe(1);
    // The person can still deny what the policy allows.
    await ok(['apps', 'deny', 'XTerm'], data);
    expect((await appsOf(data)).XTerm).toMatchObject({ allowed: false, org: 'none' });
  });

  it('refuses a policy with one signature, or older than the one in force, and keeps the one in force', async () => {
    const data = join(dir, 'refusals');
    await ok(['org', 'install', await signBoth(policyFile('current.json', (p) => (p.issuedAt = '2026-12-02T00:00:00Z')))], data);
    const single = policyFile('single.json', (p) => (p.issuedAt = '2026-12-03T00:00:00Z'));
    await ok(['org', 'sign', single, '--key', join(dir, 'admin.key'), '--role', 'admin']);
    const one = await cairn(['org', 'install', single], data);
    expect(one.code).toBe(1);
    expect(one.stderr).toBe('cairn: The policy is signed by the admin only; it takes effect only once an admin and a council member have both signed it, so it was not taken.\n');
    const older = await cairn(['org', 'install', await signBoth(policyFile('older.json', (p) => (p.issuedAt = '2026-11-01T00:00:00Z')))], data);
    expect(older.code).toBe(1);
    expect(older.stderr).toMatch(/issued 2026-11-01T00:00:00Z, before the one in force \(2026-12-02T00:00:00Z\), so it was not taken/);
    const shown = JSON.parse((await ok(['org', 'show', '--json'], data)).stdout) as { policy: { issuedAt: string } };
    expect(shown.policy.issuedAt).toBe('2026-12-02T00:00:00Z');
  });

  it('erases unsubmitted sessions after the policy retention when the person keeps them, and keeps the shorter one', async () => {
    const data = join(dir, 'retention');
    const store = openStore(data);
    seedSession(store, 'old-session-0001', Date.now() - 40 * DAY);
    applyAction(store, 'old-session-0001', 'stop', { actor: 'test', at: Date.now() - 40 * DAY + 1000 });
    seedSession(store, 'new-session-0002', Date.now() - 20 * DAY);
    applyAction(store, 'new-session-0002', 'stop', { actor: 'test', at: Date.now() - 20 * DAY + 1000 });
    store.close();
    expect((await ok(['sessions', '--json'], data)).stdout).toContain('old-session-0001');

    const installed = await ok(['org', 'install', await signBoth(policyFile('retention.json'))], data);
    expect(installed.stderr).toBe('');
    const listed = await ok(['sessions', '--json'], data);
    expect(listed.stderr).toMatch(/Session old-session-0001 was not submitted within 30 days and was deleted/);
    expect(listed.stdout).not.toContain('old-session-0001');
    expect(listed.stdout).toContain('new-session-0002');
    expect((await ok(['settings'], data)).stdout).toContain('retention        off (sessions are kept until deleted)\n                 at most 30 days under the policy of Example Lab (the shorter holds)\n');
    // The person's own shorter setting still holds.
    await ok(['settings', '--retention-days', '10'], data);
    expect((await ok(['sessions', '--json'], data)).stdout).not.toContain('new-session-0002');
  });

  it('refuses to record when the policy covers another consent text than this install has', async () => {
    const data = join(dir, 'consent');
    await ok(['consent', 'accept', '--sha256', loadConsentText().sha256], data);
    await ok(['apps', 'allow', 'XTerm'], data);
    const other = await signBoth(policyFile('other-consent.json', (p) => (p.consent = { version: 7, sha256: 'f'.repeat(64) })));
    await ok(['org', 'install', other], data);
    const rec = await cairn(['record', '--duration', '1'], data);
    expect(rec.code).toBe(1);
    expect(rec.stderr).toMatch(/^cairn: Your organisation's policy covers consent text version 7, but this Cairn has version \d+: update Cairn or ask your admin for a policy that covers it\.\n$/);
  });

  it('says which apps the policy denied when none of the allowed ones is left', async () => {
    const data = join(dir, 'none-left');
    await ok(['consent', 'accept', '--sha256', loadConsentText().sha256], data);
    await ok(['apps', 'allow', 'code'], data);
    await ok(['org', 'install', await signBoth(policyFile('none-left.json'))], data);
    const rec = await cairn(['record', '--duration', '1'], data);
    expect(rec.code).toBe(1);
    expect(rec.stderr).toBe("cairn: Your organisation's policy allows none of the apps you allowed (code): see `cairn org show` for the apps it allows.\n");
  });

  it('refuses a key file that is not a key, in one sentence', async () => {
    const bad = join(dir, 'not-a-key.pem');
    writeFileSync(bad, 'hello');
    chmodSync(bad, 0o600);
    const r = await cairn(['org', 'sign', policyFile('bad-key.json'), '--key', bad, '--role', 'admin']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cairn: .*not-a-key\.pem is not a PEM private key; make one with `cairn org keygen --out FILE`\.\n$/);
  });
});
