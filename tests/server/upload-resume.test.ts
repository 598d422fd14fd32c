// An upload cut short by kill -9 of the server resumes where the server's bytes end: the second
// `cairn remote submit` goes on from that offset (not from zero), the server verifies the whole
// bundle, and it holds the session once, with every frame byte for byte, and nothing left over.
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
const FRAMES = 40;
let team: TeamService;
let alice: Person;
let reviewerToken: string;
let frames: Buffer[];

beforeAll(async () => {
  team = await startTeamService();
  alice = await team.person('alice', await team.addUser('alice', 'contributor'));
  reviewerToken = await team.addUser('bob', 'reviewer');
  frames = (await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: FRAMES, frameBytes: 100_000 })).frames.map((f) => Buffer.from(f.bytes));
}, 60_000);
afterAll(() => team?.close());

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
