// The service's detectors check several sessions at once (`--check-workers`): five sessions uploaded
// together, more than there are workers, are all checked (a worker taking the next when one ends),
// the one with a secret gets its finding and the clean ones none. A bad worker count is refused in one sentence before anything starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCairn } from '../helpers/cli.ts';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { cairnEnv, startTeamService, type TeamService } from './team-service.ts';

const ids = [1, 2, 3, 4, 5].map((n) => `5e6f7a8b-6666-4c4c-8d8d-00000000000${n}`);
let team: TeamService;
let token = '';

beforeAll(async () => {
  team = await startTeamService({ serverArgs: ['--check-workers', '2'] });
  token = await team.addUser('alice', 'contributor');
  const alice = await team.person('alice', token);
  for (const [i, id] of ids.entries()) await seedReviewSession(alice.dataDir, { id, state: 'submitted', frames: 3, ...(i === 0 ? {} : { typed: NO_SECRET }) });
  const r = await alice.cairn(['remote', 'submit', ...ids]);
  if (r.code !== 0) throw new Error(r.stderr);
}, 120_000);
afterAll(() => team?.close());

describe('checks on several workers', () => {
  it('checks every session uploaded together, the secret flagged, the clean ones not', async () => {
    await team.checked();
    const rows = await team.sql<{ id: string; open: number }>('SELECT id, open_findings AS open FROM sessions ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows[0]!.open).toBeGreaterThan(0);
    expect(rows.slice(1).every((r) => r.open === 0)).toBe(true);
  }, 120_000);

  it('refuses a worker count that is not 1 to 32, in one sentence, exit 2', async () => {
    for (const bad of ['0', '33', 'two']) {
      const r = await runCairn(['server', 'start', '--database-url-file', team.urlFile, '--check-workers', bad], cairnEnv(team.root));
      expect([r.code, r.stderr]).toEqual([2, `cairn: --check-workers must be a whole number from 1 to 32, not "${bad}".\n`]);
    }
  });
});
