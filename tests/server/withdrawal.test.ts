// Withdrawal reaching the service, proven on the bytes: a session deleted on the contributor's
// machine and synced is erased on the server (content rows, frame rows, blobs and its key), its
// tombstone kept, the datasets already pulled named; afterwards neither PostgreSQL's data folder
// (table files and WAL) nor the blob folder holds its title or any frame's bytes, while the sealed
// bytes that linger there cannot be opened without the destroyed key. `remote pull` on an earlier
// dataset names the withdrawn session; `consent withdraw` erases the rest as withdrawn.
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesContaining, filesUnder } from '../helpers/disk-bytes.ts';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

const GONE = '9a1b2c3d-0000-4e4e-8f8f-000000000001';
const KEPT = '9a1b2c3d-0000-4e4e-8f8f-000000000002';
/** The window title of GONE: text that must leave no trace once it is erased. */
const TITLE = 'Payroll-Zanzibar-7731-secret-title';
let team: TeamService;
let alice: Person;
let bob: Person;
let carol: Person;
let frames: Buffer[];
let sealedPart: Buffer;
const earlier = () => join(team.root, 'earlier-dataset');

const sql = <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => team.sql<T>(text, params);

beforeAll(async () => {
  team = await startTeamService();
  const [a, b, c] = [await team.addUser('alice', 'contributor'), await team.addUser('bob', 'reviewer'), await team.addUser('carol', 'researcher')];
  alice = await team.person('alice', a);
  bob = await team.person('bob', b);
  carol = await team.person('carol', c);
  frames = (await seedReviewSession(alice.dataDir, { id: GONE, state: 'submitted', frames: 3, title: TITLE, typed: NO_SECRET })).frames.map((f) => Buffer.from(f.bytes));
  await seedReviewSession(alice.dataDir, { id: KEPT, state: 'submitted', frames: 1, typed: NO_SECRET });
  const submit = await alice.cairn(['remote', 'submit', GONE, KEPT]);
  if (submit.code !== 0) throw new Error(submit.stderr);
  await team.checked();
  for (const [who, args] of [[bob, ['remote', 'approve', GONE]], [bob, ['remote', 'approve', KEPT]], [carol, ['remote', 'pull', '--out', earlier()]]] as const) {
    const r = await who.cairn([...args]);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  sealedPart = (await sql<{ part: Buffer }>('SELECT part FROM session_content WHERE session_id = $1', [GONE]))[0]!.part;
}, 90_000);
afterAll(() => team?.close());

describe('on the server before any erasure', () => {
  it('keeps content sealed at rest: no title or frame bytes in clear in PostgreSQL or the blob folder', async () => {
    await sql('CHECKPOINT');
    // The search reaches PostgreSQL's files: the user names, kept in clear, are found there.
    expect(filesContaining(team.pg.dataDir, 'carol').length).toBeGreaterThan(0);
    for (const dir of [team.pg.dataDir, team.blobDir]) {
      expect(filesContaining(dir, TITLE), dir).toEqual([]);
      for (const frame of frames) expect(filesContaining(dir, frame), dir).toEqual([]);
    }
    expect(filesUnder(join(team.blobDir, 'blobs'))).toHaveLength(4);
    expect(filesUnder(join(team.blobDir, 'keys')).map((f) => f.split('/').at(-1))).toEqual(expect.arrayContaining([`session-${GONE}.key`, `session-${KEPT}.key`]));
  });
});

describe('a deletion on the contributor machine, synced', () => {
  it('erases the session on the server and names the dataset that held it', async () => {
    expect((await alice.cairn(['delete', GONE])).code).toBe(0);
    const sync = await alice.cairn(['remote', 'sync', '--json']);
    expect(sync.stderr).toBe('');
    const result = JSON.parse(sync.stdout) as { erased: { id: string; pulls: { researcher: string; destination: string }[] }[] };
    expect(result.erased.map((e) => e.id)).toEqual([GONE]);
    expect(result.erased[0]!.pulls.map((p) => [p.researcher, p.destination])).toEqual([['carol', earlier()]]);
    // Sent once: the next sync has nothing to say.
    expect((await alice.cairn(['remote', 'sync'])).stdout).toBe('Nothing to send: the service holds nothing this machine erased.\n');
  });

  it('leaves no title, no frame bytes and no key of it in PostgreSQL files, WAL or the blob folder', async () => {
    await sql('CHECKPOINT');
    for (const dir of [team.pg.dataDir, team.blobDir]) {
      expect(filesContaining(dir, TITLE), dir).toEqual([]);
      for (const frame of frames) expect(filesContaining(dir, frame), dir).toEqual([]);
    }
    expect(filesUnder(join(team.blobDir, 'blobs'))).toHaveLength(1);
    expect(filesUnder(join(team.blobDir, 'keys')).map((f) => f.split('/').at(-1))).toEqual([`session-${KEPT}.key`]);
    expect(await sql('SELECT * FROM session_content WHERE session_id = $1', [GONE])).toEqual([]);
    expect(await sql('SELECT * FROM frames WHERE session_id = $1', [GONE])).toEqual([]);
    // What lingers in PostgreSQL's WAL is the sealed part, which nothing left can open.
    expect(filesContaining(join(team.pg.dataDir, 'pg_wal'), sealedPart.subarray(12, 76)).length).toBeGreaterThan(0);
  });

  it('keeps a tombstone: the reviewer finds it erased, the contributor still reads its access log', async () => {
    const [row] = await sql<{ state: string; erase_reason: string; reason: string | null }>('SELECT state, erase_reason, reason FROM sessions WHERE id = $1', [GONE]);
    expect(row).toEqual({ state: 'erased', erase_reason: 'deleted', reason: null });
    const log = JSON.parse((await alice.cairn(['remote', 'access-log', GONE, '--json'])).stdout) as { who: string; action: string }[];
    expect(log.map((e) => `${e.who}:${e.action}`)).toEqual(['alice:upload', 'bob:approve', 'carol:pull', 'alice:erase']);
    const view = await fetch(new URL(`/api/v1/sessions/${GONE}`, team.server.url), { headers: { Authorization: `Bearer ${await team.addUser('dora', 'reviewer')}` } });
    expect(view.status).toBe(404);
  });

  it('tells the researcher which sessions of an earlier dataset were withdrawn, and lists them as tombstones in a new one', async () => {
    const check = await carol.cairn(['remote', 'pull', '--out', earlier()]);
    expect(check.code).toBe(0);
    expect(check.stdout).toBe(`1 session of ${earlier()} was withdrawn by its contributor: purge it from every copy.\n  ${GONE}  deleted\n`);
    const fresh = join(team.root, 'fresh-dataset');
    expect((await carol.cairn(['remote', 'pull', '--out', fresh])).code).toBe(0);
    const manifest = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(fresh, 'manifest.json'), 'utf8'))) as { sessionIds: string[]; tombstones: string[] };
    expect(manifest).toMatchObject({ sessionIds: [KEPT], tombstones: [GONE] });
  });
});

describe('consent withdrawn on the contributor machine, synced', () => {
  it('erases every remaining session as withdrawn', async () => {
    expect((await alice.cairn(['consent', 'withdraw'])).code).toBe(0);
    const sync = JSON.parse((await alice.cairn(['remote', 'sync', '--json'])).stdout) as { erased: { id: string }[] };
    expect(sync.erased.map((e) => e.id)).toEqual([KEPT]);
    expect(await sql('SELECT id, erase_reason FROM sessions ORDER BY id')).toEqual([
      { id: GONE, erase_reason: 'deleted' },
      { id: KEPT, erase_reason: 'withdrawn' },
    ]);
    expect(filesUnder(join(team.blobDir, 'blobs'))).toEqual([]);
    expect(filesUnder(join(team.blobDir, 'keys'))).toEqual([]);
  });
});
