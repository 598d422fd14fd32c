// PostgreSQL going away under load, and coming back: while a contributor uploads and a reviewer
// reads the queue, the cluster is stopped as in a crash (pg_ctl -m immediate) and started again.
// Meanwhile the service answers 503 with one sentence, at once (no request hangs); once PostgreSQL
// is back, the same server process answers again by itself, and the upload, submitted again,
// goes on and is stored once and whole.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CAIRN_BIN } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/disk-bytes.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { cairnEnv, type Person, startTeamService, type TeamService } from './team-service.ts';

const ID = '5e5e5e5e-2222-4f4f-8a8a-000000000001';
const FRAMES = 60;
let team: TeamService;
let alice: Person;
let reviewer: string;

beforeAll(async () => {
  team = await startTeamService();
  alice = await team.person('alice', await team.addUser('alice', 'contributor'));
  reviewer = await team.addUser('bob', 'reviewer');
  await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: FRAMES, frameBytes: 60_000 });
}, 60_000);
afterAll(() => team?.close());

it('answers again by itself after PostgreSQL was restarted under uploads and queue reads, and stores the upload once', async () => {
  const pid = team.server.child.pid;
  const answers: { status: number | 'lost'; ms: number; at: number }[] = [];
  let reading = true;
  const reads = (async () => {
    while (reading) {
      const t0 = performance.now();
      const res = await team.api(reviewer, '/api/v1/queue').catch(() => null);
      if (res) await res.arrayBuffer();
      answers.push({ status: res?.status ?? 'lost', ms: performance.now() - t0, at: t0 });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const submit = spawn(process.execPath, [CAIRN_BIN, 'remote', 'submit', ID, '--chunk-size', '16384'], { env: cairnEnv(alice.dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  submit.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => submit.on('close', resolve));
  // Stopped once part of the bundle has arrived.
  const staged = () => filesUnder(join(team.blobDir, 'uploads')).length;
  const deadline = Date.now() + 30_000;
  while (staged() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 200));
  const down = performance.now();
  team.pg.crash();
  // Down long enough for reads and chunks to hit it.
  await new Promise((r) => setTimeout(r, 1500));
  const during = answers.filter((a) => a.at > down);
  team.pg.start();
  const up = performance.now();

  // The upload in flight failed in one sentence naming PostgreSQL (or, had it finished first, succeeded).
  const code = await exited;
  if (code !== 0) expect(stderr).toMatch(/^cairn: PostgreSQL cannot be reached or refused the connection \([^)]+\); check the database URL and that the server is running\.\n$/);
  // Queue reads while it was down: refused at once with 503, none hanging, none dropped.
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((a) => a.status === 503 && a.ms < 2_000), JSON.stringify(during)).toBe(true);

  // Back: the same process answers 200 again, within a few seconds, with no restart.
  const recovered = Date.now() + 10_000;
  while (!answers.some((a) => a.at > up && a.status === 200) && Date.now() < recovered) await new Promise((r) => setTimeout(r, 50));
  reading = false;
  await reads;
  expect(answers.some((a) => a.at > up && a.status === 200)).toBe(true);
  expect(team.server.child.pid).toBe(pid);
  expect(team.server.child.exitCode).toBeNull();

  const again = await alice.cairn(['remote', 'submit', ID, '--chunk-size', '16384']);
  expect(again.code, again.stderr).toBe(0);
  expect(await team.sql('SELECT count(*)::int AS n FROM sessions WHERE id = $1', [ID])).toEqual([{ n: 1 }]);
  expect(await team.sql('SELECT count(*)::int AS n FROM frames WHERE session_id = $1', [ID])).toEqual([{ n: FRAMES }]);
  expect(filesUnder(join(team.blobDir, 'blobs'))).toHaveLength(FRAMES);
  expect(filesUnder(join(team.blobDir, 'uploads'))).toEqual([]);
  const queue = (await (await team.api(reviewer, '/api/v1/queue')).json()) as { id: string }[];
  expect(queue.map((s) => s.id)).toEqual([ID]);
}, 120_000);
