// A policy sent to the service with `cairn remote send-policy`, against real PostgreSQL and real
// `cairn` processes: with one genuine signature by a registered key it waits as the pending
// version (not in force, not served to contributors); the other signer downloads it, signs it on
// their machine and sends it back, and it is in force. Anyone but an admin or a council member, a
// signature by an unregistered key and a version not newer than the one in force are refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { PolicyStatus } from '../../src/shared/team-roles-api.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

let team: TeamService;
const people: Record<string, Person> = {};
const tokens: Record<string, string> = {};
const key = (name: string) => join(team.root, `${name}.key`);

const run = (who: string, args: string[]) => people[who]!.cairn(args);
const ok = async (who: string, args: string[]) => {
  const r = await run(who, args);
  if (r.code !== 0) throw new Error(`${who}: cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
};
/** The fixture policy issued at `issuedAt`, signed by each of `signers` in the role given. */
const policy = async (name: string, issuedAt: string, signers: [string, 'admin' | 'council'][]) => {
  const file = join(team.root, name);
  const json = JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as { policy: Record<string, unknown> };
  json.policy.consent = { version: loadConsentText().version, sha256: loadConsentText().sha256 };
  json.policy.issuedAt = issuedAt;
  writeFileSync(file, JSON.stringify(json));
  for (const [who, role] of signers) await ok(who, ['org', 'sign', file, '--key', key(who), '--role', role]);
  return file;
};
const status = async (who: string) => PolicyStatus.parse(await (await team.api(tokens[who]!, '/api/v1/policy/status')).json());

beforeAll(async () => {
  team = await startTeamService();
  for (const [name, role] of [['ada', 'admin'], ['carl', 'council'], ['alice', 'contributor'], ['ida', 'admin']] as const) {
    tokens[name] = await team.addUser(name, role);
    people[name] = await team.person(name, tokens[name]);
    await ok(name, ['org', 'keygen', '--out', key(name)]);
  }
  for (const name of ['ada', 'carl']) await ok(name, ['server', 'add-key', name, '--public-key', `${key(name)}.pub`, '--database-url-file', team.urlFile]);
}, 120_000);
afterAll(() => team?.close());

describe('a policy sent to the service by its signers', () => {
  it('refuses a contributor, and a signature by a key not registered to its signer, keeping nothing', async () => {
    const file = await policy('first.json', '2026-12-01T09:00:00Z', [['ada', 'admin']]);
    const contributor = await run('alice', ['remote', 'send-policy', file]);
    expect(contributor.code).toBe(1);
    expect(contributor.stderr).toMatch(/^cairn: Only .*admin.* or .*council may send an organisation policy; alice is a contributor\.\n$/);
    // ida is an admin, but her key was never registered.
    const unregistered = await run('ida', ['remote', 'send-policy', await policy('ida.json', '2026-12-01T09:00:00Z', [['ida', 'admin']])]);
    expect(unregistered.code).toBe(1);
    expect(unregistered.stderr).toMatch(/^cairn: The admin signature is by key [0-9a-f]{16}, which is not a known admin key, so the policy was not taken\.\n$/);
    expect(await status('ada')).toEqual({ inForce: null, pending: null });
  });

  it('keeps a policy with the admin signature as pending, not in force and not served, until the council signs and sends it', async () => {
    const file = await policy('first.json', '2026-12-01T09:00:00Z', [['ada', 'admin']]);
    expect(await ok('ada', ['remote', 'send-policy', file])).toMatch(/^The policy of Example Lab issued 2026-12-01T09:00:00Z waits for the council's signature: signed by admin ada \(key [0-9a-f]{16}\)\.\n$/);
    const waiting = await status('carl');
    expect(waiting.inForce).toBeNull();
    expect(waiting.pending).toMatchObject({ organisation: 'Example Lab', missing: 'council', sentBy: 'ada', signers: [{ role: 'admin', name: 'ada' }] });
    expect((await team.api(tokens.alice!, '/api/v1/policy')).status).toBe(404);

    // The council downloads it, signs it on their machine, sends it back.
    const pending = join(team.root, 'pending-policy.json');
    writeFileSync(pending, await (await team.api(tokens.carl!, '/api/v1/policy/pending')).text());
    await ok('carl', ['org', 'sign', pending, '--key', key('carl'), '--role', 'council']);
    expect(await ok('carl', ['remote', 'send-policy', pending])).toMatch(/^The policy of Example Lab issued 2026-12-01T09:00:00Z is in force: signed by admin ada \(key [0-9a-f]{16}\) and council carl \(key [0-9a-f]{16}\)/);
    const set = await status('ada');
    expect(set.pending).toBeNull();
    expect(set.inForce?.signers.map((s) => `${s.role} ${s.name}`)).toEqual(['admin ada', 'council carl']);
    expect((await team.api(tokens.alice!, '/api/v1/policy')).status).toBe(200);
    expect((await team.api(tokens.carl!, '/api/v1/policy/pending')).status).toBe(404);
  });

  it('refuses a version with one signature that is not newer than the policy in force', async () => {
    const same = await run('carl', ['remote', 'send-policy', await policy('same.json', '2026-12-01T09:00:00Z', [['carl', 'council']])]);
    expect(same.code).toBe(1);
    expect(same.stderr).toBe('cairn: This policy was issued 2026-12-01T09:00:00Z, not after the one in force (2026-12-01T09:00:00Z); give it a later issuedAt and sign it again.\n');
    expect((await status('ada')).pending).toBeNull();
  });
});
