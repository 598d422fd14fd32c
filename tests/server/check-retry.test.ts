// The service's detectors come back by themselves after PostgreSQL was lost: a session whose check
// failed because the database went away (crashed as with pg_ctl -m immediate, while the check ran
// or before it could read the session) is checked again once PostgreSQL is back, by the same
// server process, without a restart of the service (which used to be the only retry).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { startTeamService, type TeamService } from './team-service.ts';

const ID = '6f7a8b9c-7777-4d4d-8e8e-000000000001';
let team: TeamService;

beforeAll(async () => {
  team = await startTeamService({ serverArgs: ['--check-workers', '1'] });
  const alice = await team.person('alice', await team.addUser('alice', 'contributor'));
  // Enough frames that OCR keeps the check busy for a few seconds.
  await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: 8 });
  const r = await alice.cairn(['remote', 'submit', ID]);
  if (r.code !== 0) throw new Error(r.stderr);
}, 90_000);
afterAll(() => team?.close());

it('checks again a session whose check failed while PostgreSQL was down, without a restart of the service', async () => {
  const pid = team.server.child.pid;
  let stderr = '';
  team.server.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  team.pg.crash();
  // Down until the check has failed on it (it reads or writes the database at its start and end).
  for (const started = Date.now(); !stderr.includes(`could not check session ${ID}`) && Date.now() - started < 60_000; ) await new Promise((r) => setTimeout(r, 100));
  expect(stderr).toMatch(new RegExp(`could not check session ${ID} \\(.*\\); it cannot be approved until they do; trying again in 5 s\\.`));
  team.pg.start();
  await team.checked();
  expect(team.server.child.pid).toBe(pid);
  const [row] = await team.sql<{ checked: boolean }>('SELECT checked_at IS NOT NULL AS checked FROM sessions WHERE id = $1', [ID]);
  expect(row!.checked).toBe(true);
}, 150_000);
