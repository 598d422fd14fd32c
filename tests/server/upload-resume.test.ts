// An upload cut short by kill -9 of the server resumes where the server's bytes end: the second
// `cairn remote submit` goes on from that offset (not from zero), the server verifies the whole
// bundle, and it holds the session once, with every frame byte for byte, and nothing left over.
// Killed later, while the completion writes the sealed frames (the rows not yet committed), the
// restarted server sweeps those blobs and the key away, and the completion asked again stores the
// session once: every blob in the folder is named by exactly one frame row. Stopped (SIGTERM) at
// that moment, the server ends the ingest instead of finishing it, and the same sweep follows.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CAIRN_BIN } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/disk-bytes.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { cairnEnv, type Person, startTeamService, type TeamService } from './team-service.ts';

const ID = '3c3c3c3c-1111-4d4d-9e9e-000000000001';
const LATER = '3c3c3c3c-1111-4d4d-9e9e-000000000002';
const LATER_FRAMES = 600;
const STOPPED = '3c3c3c3c-1111-4d4d-9e9e-000000000003';
const FRAMES = 40;
let team: TeamService;
let alice: Person;
let reviewerToken: string;
let frames: Buffer[];
let laterFrames: Buffer[];
let stoppedFrames: Buffer[];

beforeAll(async () => {
  team = await startTeamService();
  alice = await team.person('alice', await team.addUser('alice', 'contributor'));
  reviewerToken = await team.addUser('bob', 'reviewer');
  frames = (await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: FRAMES, frameBytes: 100_000 })).frames.map((f) => Buffer.from(f.bytes));
  laterFrames = (await seedReviewSession(alice.dataDir, { id: LATER, state: 'submitted', frames: LATER_FRAMES, frameBytes: 30_000 })).frames.map((f) => Buffer.from(f.bytes));
  stoppedFrames = (await seedReviewSession(alice.dataDir, { id: STOPPED, state: 'submitted', frames: LATER_FRAMES, frameBytes: 30_000 })).frames.map((f) => Buffer.from(f.bytes));
}, 60_000);
afterAll(() => team?.close());

/**
 * Starts `cairn remote submit ID` and returns once the first of its sealed frames is in the blob
 * folder: every byte has arrived, and the completion is under way. `before`: the blobs there before.
 */
async function submitUntilSealing(id: string): Promise<{ before: Set<string>; exited: Promise<number | null> }> {
  const before = new Set(filesUnder(join(team.blobDir, 'blobs')));
  const submit = spawn(process.execPath, [CAIRN_BIN, 'remote', 'submit', id], { env: cairnEnv(alice.dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => submit.on('close', resolve));
  const deadline = Date.now() + 60_000;
  while (!filesUnder(join(team.blobDir, 'blobs')).some((f) => !before.has(f)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  return { before, exited };
}

const staged = () => {
  const dir = join(team.blobDir, 'uploads');
  return readdirSync(dir).map((f) => statSync(join(dir, f)).size)[0] ?? 0;
};

it('loses and duplicates nothing when the server is killed mid-upload and the upload is resumed', async () => {
  const submit = spawn(process.execPath, [CAIRN_BIN, 'remote', 'submit', ID, '--chunk-size', '16384'], { env: cairnEnv(alice.dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  submit.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => submit.on('close', resolve));
  // Killed once a good part (but not all) of the bundle has arrived.
  const deadline = Date.now() + 30_000;
  while (staged() < 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  await team.server.kill();
  const heldAtKill = staged();
  expect(heldAtKill).toBeGreaterThanOrEqual(1_000_000);
  expect(await exited).toBe(1);
  expect(stderr).toMatch(/^cairn: The server at http:\/\/127\.0\.0\.1:\d+\/ cannot be reached \(\w+\); check that it runs, then try again\.\n$/);

  await team.startServer();
  const again = await alice.cairn(['remote', 'submit', ID, '--chunk-size', '16384']);
  expect(again.code).toBe(0);
  const resumedAt = Number(/Resumed the upload at byte (\d+) of (\d+)/.exec(again.stderr)?.[1]);
  expect(resumedAt).toBe(heldAtKill);
  expect(again.stdout).toContain(ID);

  const db = new pg.Client({ connectionString: team.pg.url });
  await db.connect();
  try {
    expect((await db.query('SELECT count(*)::int AS n FROM sessions')).rows[0]).toEqual({ n: 1 });
    expect((await db.query('SELECT count(*)::int AS n FROM frames')).rows[0]).toEqual({ n: FRAMES });
    expect((await db.query('SELECT count(*)::int AS n FROM uploads')).rows[0]).toEqual({ n: 1 });
  } finally {
    await db.end();
  }
  // One blob a frame, no staged bytes, one key (the session's).
  expect(filesUnder(join(team.blobDir, 'blobs'))).toHaveLength(FRAMES);
  expect(filesUnder(join(team.blobDir, 'uploads'))).toEqual([]);
  expect(filesUnder(join(team.blobDir, 'keys'))).toHaveLength(1);
  for (const seq of [1, FRAMES / 2, FRAMES]) {
    const res = await fetch(new URL(`/api/v1/sessions/${ID}/frames/${seq}`, team.server.url), { headers: { Authorization: `Bearer ${reviewerToken}` } });
    expect(Buffer.from(await res.arrayBuffer()).equals(frames[seq - 1]!), `frame ${seq}`).toBe(true);
  }
}, 60_000);

it('stores a session once, with no blob left over, when the server is killed while it seals and writes the frames', async () => {
  const { before, exited } = await submitUntilSealing(LATER);
  await team.server.kill();
  expect(await exited).toBe(1);
  const upload = await team.sql<{ completed: boolean }>('SELECT completed_at IS NOT NULL AS completed FROM uploads ORDER BY created_at DESC LIMIT 1');
  expect(upload).toEqual([{ completed: false }]);
  const orphans = filesUnder(join(team.blobDir, 'blobs')).filter((f) => !before.has(f));
  expect(orphans.length).toBeGreaterThan(0);
  expect(await team.sql('SELECT id FROM sessions WHERE id = $1', [LATER])).toEqual([]);

  // The restart sweeps what no row names: the half-written session's blobs and its key (the
  // upload's key stays, with its staged bytes, for the resume).
  await team.startServer();
  expect(filesUnder(join(team.blobDir, 'blobs')).filter((f) => !before.has(f))).toEqual([]);
  const keys = filesUnder(join(team.blobDir, 'keys')).map((f) => f.slice(f.lastIndexOf('/') + 1));
  expect(keys.sort()).toEqual([`session-${ID}.key`, expect.stringMatching(/^upload-[0-9a-f-]{36}\.key$/)]);

  const again = await alice.cairn(['remote', 'submit', LATER]);
  expect(again.code, again.stderr).toBe(0);
  // Every byte was there: nothing is sent again, the completion alone is asked again.
  const [, at, of] = /Resumed the upload at byte (\d+) of (\d+)/.exec(again.stderr) ?? [];
  expect(Number(at)).toBe(Number(of));

  expect(await team.sql('SELECT count(*)::int AS n FROM sessions WHERE id = $1', [LATER])).toEqual([{ n: 1 }]);
  expect(await team.sql('SELECT count(*)::int AS n FROM frames WHERE session_id = $1', [LATER])).toEqual([{ n: LATER_FRAMES }]);
  const named = (await team.sql<{ blob: string }>('SELECT blob FROM frames')).map((r) => r.blob).sort();
  expect(new Set(named).size).toBe(named.length);
  expect(filesUnder(join(team.blobDir, 'blobs')).map((f) => f.slice(f.lastIndexOf('/') + 1)).sort()).toEqual(named);
  expect(filesUnder(join(team.blobDir, 'uploads'))).toEqual([]);
  expect(filesUnder(join(team.blobDir, 'keys'))).toHaveLength(2);
  for (const seq of [1, LATER_FRAMES]) {
    const res = await fetch(new URL(`/api/v1/sessions/${LATER}/frames/${seq}`, team.server.url), { headers: { Authorization: `Bearer ${reviewerToken}` } });
    expect(Buffer.from(await res.arrayBuffer()).equals(laterFrames[seq - 1]!), `frame ${seq}`).toBe(true);
  }
}, 120_000);

it('stops at a SIGTERM while it seals an upload, leaving what it wrote to the sweep, and stores the session once when completed again', async () => {
  const { before, exited } = await submitUntilSealing(STOPPED);
  // A stop, not a kill: the server closes. An ingest left to finish would have failed on the closed
  // database and taken its blobs back before the process could exit; stopped, it leaves them.
  await team.server.stop();
  expect(await exited).toBe(1);
  expect(filesUnder(join(team.blobDir, 'blobs')).filter((f) => !before.has(f)).length).toBeGreaterThan(0);
  expect(await team.sql('SELECT id FROM sessions WHERE id = $1', [STOPPED])).toEqual([]);

  await team.startServer();
  expect(filesUnder(join(team.blobDir, 'blobs')).filter((f) => !before.has(f))).toEqual([]);
  const again = await alice.cairn(['remote', 'submit', STOPPED]);
  expect(again.code, again.stderr).toBe(0);
  expect(await team.sql('SELECT count(*)::int AS n FROM frames WHERE session_id = $1', [STOPPED])).toEqual([{ n: LATER_FRAMES }]);
  const named = (await team.sql<{ blob: string }>('SELECT blob FROM frames')).map((r) => r.blob).sort();
  expect(filesUnder(join(team.blobDir, 'blobs')).map((f) => f.slice(f.lastIndexOf('/') + 1)).sort()).toEqual(named);
  const res = await fetch(new URL(`/api/v1/sessions/${STOPPED}/frames/${LATER_FRAMES}`, team.server.url), { headers: { Authorization: `Bearer ${reviewerToken}` } });
  expect(Buffer.from(await res.arrayBuffer()).equals(stoppedFrames[LATER_FRAMES - 1]!)).toBe(true);
}, 120_000);
