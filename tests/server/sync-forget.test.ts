// `remote sync` names each erasure for what happened on the contributor's machine: a session that
// `forget` emptied is erased on the service as `forgotten` (its tombstone says so), one deleted by
// hand as `deleted`, and the researcher checking an earlier dataset reads the same reasons.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

const FORGOTTEN = '3c4d5e6f-2222-4c4c-8d8d-000000000001';
const DELETED = '3c4d5e6f-2222-4c4c-8d8d-000000000002';
let team: TeamService;
let alice: Person;
let carol: Person;
const dataset = () => join(team.root, 'dataset');

beforeAll(async () => {
  team = await startTeamService();
  const [a, b, c] = [await team.addUser('alice', 'contributor'), await team.addUser('bob', 'reviewer'), await team.addUser('carol', 'researcher')];
  alice = await team.person('alice', a);
  const bob = await team.person('bob', b);
  carol = await team.person('carol', c);
  // Recorded two minutes ago (inside `forget --last 10`), and three hours ago (outside it).
  await seedReviewSession(alice.dataDir, { id: FORGOTTEN, state: 'submitted', frames: 1, typed: NO_SECRET });
  await seedReviewSession(alice.dataDir, { id: DELETED, state: 'submitted', frames: 1, startedAt: Date.now() - 3 * 3_600_000, typed: NO_SECRET });
  const submit = await alice.cairn(['remote', 'submit', FORGOTTEN, DELETED]);
  if (submit.code !== 0) throw new Error(submit.stderr);
  await team.checked();
  for (const [who, args] of [[bob, ['remote', 'approve', FORGOTTEN]], [bob, ['remote', 'approve', DELETED]], [carol, ['remote', 'pull', '--out', dataset()]]] as const) {
    const r = await who.cairn([...args]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
}, 90_000);
afterAll(() => team?.close());

it('erases a session emptied by forget as forgotten and one deleted by hand as deleted', async () => {
  const forget = await alice.cairn(['forget', '--last', '10']);
  expect(forget.stdout).toMatch(/1 session left empty was deleted\.\n$/);
  expect((await alice.cairn(['delete', DELETED])).code).toBe(0);

  const sync = await alice.cairn(['remote', 'sync']);
  expect(sync.stderr).toBe('');
  expect(sync.stdout).toContain(`Erased ${FORGOTTEN} on the service (forgotten here).\n`);
  expect(sync.stdout).toContain(`Erased ${DELETED} on the service (deleted here).\n`);

  expect(await team.sql('SELECT id, state, erase_reason FROM sessions ORDER BY id')).toEqual([
    { id: FORGOTTEN, state: 'erased', erase_reason: 'forgotten' },
    { id: DELETED, state: 'erased', erase_reason: 'deleted' },
  ]);
  const check = await carol.cairn(['remote', 'pull', '--out', dataset()]);
  expect(check.stdout).toContain(`  ${FORGOTTEN}  forgotten\n`);
  expect(check.stdout).toContain(`  ${DELETED}  deleted\n`);
});
