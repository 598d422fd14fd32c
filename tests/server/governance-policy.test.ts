// Works-council mode on the team service, against real PostgreSQL and real `cairn` processes: a
// policy takes effect only with an admin's and a council member's signature by keys registered to
// users of those roles; contributors' machines take it in and record less; uploads outside it are
// refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

const FIRST = '7e4d0c1a-5a5a-4b4b-8c8c-0000000000a1';
const SECOND = '7e4d0c1a-5a5a-4b4b-8c8c-0000000000a2';
let team: TeamService;
let admin: Person;
let alice: Person;
const tokens: Record<string, string> = {};

const ok = async (who: Person, args: string[]) => {
  const r = await who.cairn(args);
  if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};
const db = () => ['--database-url-file', team.urlFile];
const key = (name: string) => join(team.root, `${name}.key`);
/** The fixture policy for this install's consent text, changed by `change`, signed by `signers`. */
const policy = async (name: string, signers: [string, 'admin' | 'council'][], change: (p: Record<string, unknown>) => void = () => undefined) => {
  const file = join(team.root, name);
  const json = JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as { policy: Record<string, unknown> };
  json.policy.consent = { version: loadConsentText().version, sha256: loadConsentText().sha256 };
  change(json.policy);
  writeFileSync(file, JSON.stringify(json));
  for (const [who, role] of signers) await ok(admin, ['org', 'sign', file, '--key', key(who), '--role', role]);
  return file;
};
const api = (token: string, path: string) => fetch(new URL(path, team.server.url), { headers: { Authorization: `Bearer ${token}` } });

beforeAll(async () => {
  team = await startTeamService();
  for (const [name, role] of [['ada', 'admin'], ['carl', 'council'], ['alice', 'contributor']] as const) tokens[name] = await team.addUser(name, role);
  admin = await team.person('ada');
  alice = await team.person('alice', tokens.alice);
  for (const name of ['ada', 'carl', 'alice']) await ok(admin, ['org', 'keygen', '--out', key(name)]);
  await seedReviewSession(alice.dataDir, { id: FIRST, state: 'submitted', frames: 1 });
  await seedReviewSession(alice.dataDir, { id: SECOND, state: 'submitted', frames: 1 });
}, 120_000);
afterAll(() => team?.close());

describe('the organisation policy on the service', () => {
  it('registers signing keys of admins and council members only', async () => {
    expect((await ok(admin, ['server', 'add-key', 'ada', '--public-key', `${key('ada')}.pub`, ...db()])).stdout).toMatch(/^Registered key [0-9a-f]{16} of ada \(admin\)/);
    await ok(admin, ['server', 'add-key', 'carl', '--public-key', `${key('carl')}.pub`, ...db()]);
    const contributor = await admin.cairn(['server', 'add-key', 'alice', '--public-key', `${key('alice')}.pub`, ...db()]);
    expect(contributor.code).toBe(1);
    expect(contributor.stderr).toBe('cairn: alice is a contributor; only an admin or a council member signs the organisation policy.\n');
  });

  it('does not set a policy with one signature, nor one whose admin signature is the council key, and serves none', async () => {
    const one = await admin.cairn(['server', 'set-policy', await policy('one.json', [['ada', 'admin']]), ...db()]);
    expect(one.code).toBe(1);
    expect(one.stderr).toBe('cairn: The policy is signed by the admin only; it takes effect only once an admin and a council member have both signed it, so the policy was not set.\n');
    const swapped = await admin.cairn(['server', 'set-policy', await policy('swapped.json', [['carl', 'admin'], ['ada', 'council']]), ...db()]);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/^cairn: The admin signature is by key [0-9a-f]{16}, which is not a known admin key, so the policy was not set\.\n$/);
    const unregistered = await admin.cairn(['server', 'set-policy', await policy('alice-signed.json', [['ada', 'admin'], ['alice', 'council']]), ...db()]);
    expect(unregistered.code).toBe(1);
    expect(unregistered.stderr).toMatch(/council signature is by key [0-9a-f]{16}, which is not a known council key/);
    const served = await api(tokens.alice!, '/api/v1/policy');
    expect(served.status).toBe(404);
    const none = await alice.cairn(['remote', 'policy']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('cairn: No organisation policy is set on this service; an admin sets one with `cairn server set-policy`.\n');
  });

  it('sets a policy both signed, serves it, and a contributor machine that takes it in records less', async () => {
    const set = await ok(admin, ['server', 'set-policy', await policy('both.json', [['ada', 'admin'], ['carl', 'council']]), ...db()]);
    expect(set.stdout).toMatch(/^The policy of Example Lab issued 2026-12-01T09:00:00Z is in force: signed by admin ada \(key [0-9a-f]{16}\) and council carl \(key [0-9a-f]{16}\)/);
    await ok(alice, ['apps', 'allow', 'code']);
    await ok(alice, ['apps', 'allow', 'XTerm']);
    const taken = await ok(alice, ['remote', 'policy']);
    expect(taken.stdout).toMatch(/runs under the policy of Example Lab .*: code is no longer recorded; sessions not submitted are erased after 30 days\.\n$/);
    const apps = JSON.parse((await ok(alice, ['apps', 'list', '--json'])).stdout) as { apps: { app: string; allowed: boolean; org: string }[] };
    expect(apps.apps.find((a) => a.app === 'code')).toMatchObject({ allowed: false, org: 'denied' });
    expect(apps.apps.find((a) => a.app === 'XTerm')).toMatchObject({ allowed: true, org: 'none' });
    // A session recorded with XTerm in full fits this policy.
    expect((await ok(alice, ['remote', 'submit', FIRST])).stdout).toContain(FIRST);
  });

  it('refuses an upload recorded with more than a newer policy allows, storing nothing of it', async () => {
    const narrower = await policy('narrower.json', [['ada', 'admin'], ['carl', 'council']], (p) => {
      p.issuedAt = '2026-12-10T09:00:00Z';
      (p.apps as { app: string; keys: string }[])[0]!.keys = 'timing';
    });
    await ok(admin, ['server', 'set-policy', narrower, ...db()]);
    const refused = await alice.cairn(['remote', 'submit', SECOND]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`cairn: Session ${SECOND} was recorded with more than the organisation policy allows (XTerm), so it was not stored; record again under the policy (\`cairn remote policy\`).\n`);
    expect(await team.sql('SELECT count(*)::int AS n FROM sessions WHERE id = $1', [SECOND])).toEqual([{ n: 0 }]);
    // An older policy does not replace the one in force.
    const older = await admin.cairn(['server', 'set-policy', join(team.root, 'both.json'), ...db()]);
    expect(older.code).toBe(1);
    expect(older.stderr).toMatch(/issued 2026-12-01T09:00:00Z, before the one in force \(2026-12-10T09:00:00Z\), so it was not set/);
  });

  it('reaches a contributor who only syncs: `remote sync` takes the newer policy in, and says nothing the second time', async () => {
    const sync = await ok(alice, ['remote', 'sync']);
    expect(sync.stdout).toMatch(/This machine now runs under the policy of Example Lab issued 2026-12-10T09:00:00Z: .*XTerm is recorded with less/);
    const apps = JSON.parse((await ok(alice, ['apps', 'list', '--json'])).stdout) as { apps: { app: string; org: string }[] };
    expect(apps.apps.find((a) => a.app === 'XTerm')?.org).toBe('limited');
    const again = JSON.parse((await ok(alice, ['remote', 'sync', '--json'])).stdout) as { policy: string | null };
    expect(again.policy).toBeNull();
  });

  it('removes a signing key: a policy signed by it is then refused, the policy in force stays', async () => {
    // carl's key was registered in the first test.
    const [row] = await team.sql<{ fingerprint: string }>("SELECT k.fingerprint FROM signing_keys k JOIN users u ON u.id = k.user_id WHERE u.name = 'carl'");
    const removed = await ok(admin, ['server', 'remove-key', row!.fingerprint, ...db()]);
    expect(removed.stdout).toBe(`Removed key ${row!.fingerprint} of carl (council): policies it signs can no longer be set; the policy in force stays until a new one is set.\n`);
    const later = await policy('later.json', [['ada', 'admin'], ['carl', 'council']], (p) => {
      p.issuedAt = '2026-12-20T09:00:00Z';
    });
    const refused = await admin.cairn(['server', 'set-policy', later, ...db()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/council signature is by key [0-9a-f]{16}, which is not a known council key, so the policy was not set/);
    expect(((await (await api(tokens.alice!, '/api/v1/policy')).json()) as { file: { policy: { issuedAt: string } } }).file.policy.issuedAt).toBe('2026-12-10T09:00:00Z');
    const unknown = await admin.cairn(['server', 'remove-key', row!.fingerprint, ...db()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`cairn: No signing key ${row!.fingerprint} is registered on this service.\n`);
    const malformed = await admin.cairn(['server', 'remove-key', 'carl', ...db()]);
    expect(malformed.stderr).toBe('cairn: "carl" is not a key fingerprint; give the 16 hex digits `cairn server add-key` printed.\n');
  });
});
