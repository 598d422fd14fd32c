// The team service end to end, with real PostgreSQL and real `cairn` processes: a contributor
// submits, a reviewer works the queue and approves (named in the decision), a researcher pulls a
// dataset in two formats, and the contributor reads who did what in the access log. Each role is
// refused what is not its own with 403 and one sentence.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { runCairn } from '../helpers/cli.ts';
import { cairnEnv, type Person, startTeamService, type TeamService } from './team-service.ts';

const ID = '7e4d0c1a-5a5a-4b4b-8c8c-000000000001';
const OTHER = '7e4d0c1a-5a5a-4b4b-8c8c-000000000002';
let team: TeamService;
let alice: Person;
let bob: Person;
let carol: Person;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  team = await startTeamService();
  // Here the people are added and connected with the commands themselves (the other team tests do
  // it in-process, through the functions these commands call).
  for (const [name, role] of [['alice', 'contributor'], ['bob', 'reviewer'], ['carol', 'researcher'], ['mallory', 'contributor']] as const) {
    const added = await runCairn(['server', 'add-user', name, '--role', role, '--database-url-file', team.urlFile], cairnEnv(join(team.root, 'admin')));
    expect(added.stderr, added.stderr).toMatch(new RegExp(`^Added ${name} as ${role}\\. The line above is their token, shown this once`));
    tokens[name] = added.stdout.trim();
    expect(tokens[name]).toMatch(/^cairn_[A-Za-z0-9_-]{43}$/);
  }
  const person = async (name: string): Promise<Person> => {
    const p = await team.person(name);
    const tokenFile = join(team.root, `${name}.token`);
    writeFileSync(tokenFile, `${tokens[name]}\n`, { mode: 0o600 });
    const added = await p.cairn(['remote', 'add', team.server.url, '--token-file', tokenFile]);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(new RegExp(`^This data folder now talks to \\S+ as ${name} \\(`));
    return p;
  };
  alice = await person('alice');
  // mallory, another contributor, is used through the API only.
  bob = await person('bob');
  carol = await person('carol');
  await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: 2, typed: NO_SECRET });
  await seedReviewSession(alice.dataDir, { id: OTHER, state: 'submitted', frames: 1 });
}, 60_000);
afterAll(() => team?.close());

const api = (token: string, path: string, init?: RequestInit) => team.api(token, path, init);

describe('contributor -> reviewer -> researcher', () => {
  it('stores a submitted session once, verified, and shows it in the reviewer queue under its contributor', async () => {
    const submit = await alice.cairn(['remote', 'submit', ID, OTHER]);
    expect(submit.stderr).toBe('');
    expect(submit.code).toBe(0);
    expect(submit.stdout).toContain(ID);
    // The same sessions again: the server has them, and says so.
    const again = await alice.cairn(['remote', 'submit', ID]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^cairn: Session 7e4d0c1a-\S+ is already on this service \(submitted\); nothing of upload \S+ was stored\.\n$/);

    const queue = await bob.cairn(['remote', 'queue', '--json']);
    expect(queue.code).toBe(0);
    const listed = JSON.parse(queue.stdout) as { id: string; contributor: string; state: string; frames: number }[];
    expect(listed.map((s) => [s.id, s.contributor, s.state, s.frames])).toEqual([
      [ID, 'alice', 'submitted', 2],
      [OTHER, 'alice', 'submitted', 1],
    ]);
  });

  it("refuses a contributor's token to approve, with 403 and one sentence", async () => {
    const r = await alice.cairn(['remote', 'approve', ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cairn: Only a reviewer may approve sessions; alice is a contributor.\n');
    const res = await api(tokens.alice!, `/api/v1/sessions/${ID}/approve`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'refused', message: 'Only a reviewer may approve sessions; alice is a contributor.' } });
  });

  it('refuses each role what is not its own, and a missing, wrong or revoked token with 401', async () => {
    const cases: [string, string, RequestInit?][] = [
      [tokens.bob!, '/api/v1/pulls', { method: 'POST', body: JSON.stringify({ format: 'cairn', destination: '/x' }) }],
      [tokens.carol!, '/api/v1/queue'],
      [tokens.carol!, `/api/v1/sessions/${ID}`],
      [tokens.bob!, `/api/v1/sessions/${ID}/access-log`],
      [tokens.alice!, `/api/v1/sessions/${ID}/frames/1`],
    ];
    for (const [token, path, init] of cases) expect((await api(token, path, init)).status, path).toBe(403);
    // Another contributor's session reads as absent, not as refused.
    expect((await api(tokens.mallory!, `/api/v1/sessions/${ID}/access-log`)).status).toBe(404);
    const sync = await api(tokens.mallory!, '/api/v1/sync', { method: 'POST', body: JSON.stringify({ erase: [{ id: ID, reason: 'deleted' }] }) });
    expect(sync.status).toBe(404);
    expect((await fetch(new URL('/api/v1/queue', team.server.url))).status).toBe(401);
    expect((await api('cairn_not-a-token', '/api/v1/queue')).status).toBe(401);

    const extra = await team.addUser('eve', 'reviewer');
    expect((await api(extra, '/api/v1/queue')).status).toBe(200);
    const revoke = await alice.cairn(['server', 'revoke-user', 'eve', '--database-url-file', team.urlFile]);
    expect(revoke.code).toBe(0);
    const refused = await api(extra, '/api/v1/queue');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('This token is not valid on this service (unknown or revoked); ask an admin for a new one.');
  });

  it('lets the reviewer view text and frames, approve one and reject the other, named in each decision', async () => {
    const detail = await api(tokens.bob!, `/api/v1/sessions/${ID}`);
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as { windows: { title: string }[] }).windows[0]!.title).toBe('bash');
    const frame = await api(tokens.bob!, `/api/v1/sessions/${ID}/frames/2`);
    expect(frame.headers.get('content-type')).toBe('image/webp');
    expect(Buffer.from(await frame.arrayBuffer()).subarray(0, 4).toString()).toBe('RIFF');

    await team.checked();
    const approve = await bob.cairn(['remote', 'approve', ID]);
    expect(approve.stdout).toBe(`Session ${ID} of alice is approved by bob.\n`);
    const reject = await bob.cairn(['remote', 'reject', OTHER, '--reason', 'the terminal shows a key']);
    expect(reject.code).toBe(0);
    const twice = await bob.cairn(['remote', 'approve', OTHER]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(`cairn: Session ${OTHER} is rejected (by bob), and only a submitted session can be approved or rejected.\n`);
    const mine = (await (await api(tokens.alice!, '/api/v1/my/sessions')).json()) as { id: string; state: string; decidedBy: string; reason: string | null }[];
    expect(mine.map((s) => [s.id, s.state, s.decidedBy, s.reason])).toEqual([
      [ID, 'approved', 'bob', null],
      [OTHER, 'rejected', 'bob', 'the terminal shows a key'],
    ]);
    // Mallory, another contributor, sees none of alice's.
    expect(await (await api(tokens.mallory!, '/api/v1/my/sessions')).json()).toEqual([]);
  });

  it('pulls the approved session as a dataset written by the export writers, the reviewer named in its manifest', async () => {
    const out = join(team.root, 'dataset-cairn');
    const pull = await carol.cairn(['remote', 'pull', '--out', out]);
    expect(pull.stderr).toBe('');
    expect(pull.stdout).toContain('Pulled 1 approved session');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { sessionIds: string[]; sessions: { review: { reviewer: string }; frames: number; consent: { sha256: string } }[] };
    expect(manifest.sessionIds).toEqual([ID]);
    expect(manifest.sessions[0]!.review.reviewer).toBe('bob');
    expect(manifest.sessions[0]!.frames).toBe(2);
    expect(manifest.sessions[0]!.consent.sha256).toBe('c'.repeat(64));

    const py = join(team.root, 'dataset-pyautogui');
    const second = await carol.cairn(['remote', 'pull', '--out', py, '--format', 'pyautogui']);
    expect(second.code).toBe(0);
    expect(readFileSync(join(py, 'manifest.json'), 'utf8')).toContain('"exportFormat": "pyautogui"');
  });

  it("shows the contributor every upload, view, decision and pull of their session, by whom", async () => {
    const r = await alice.cairn(['remote', 'access-log', ID, '--json']);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as { who: string; role: string; action: string; detail: Record<string, unknown> | null }[];
    expect(log.map((e) => `${e.who}:${e.action}`)).toEqual(['alice:upload', 'bob:view-text', 'bob:view-frame', 'bob:approve', 'carol:pull', 'carol:pull']);
    expect(log[2]!.detail).toEqual({ seq: 2 });
    expect(log[4]!.detail).toMatchObject({ format: 'cairn', destination: join(team.root, 'dataset-cairn') });
    const text = await alice.cairn(['remote', 'access-log', ID]);
    expect(text.stdout).toMatch(/bob \(reviewer\) {2}approved it\n/);
    expect(text.stdout).toMatch(/bob \(reviewer\) {2}viewed frame 2\n/);
    expect(text.stdout).toContain(`carol (researcher)  pulled it into a dataset (${join(team.root, 'dataset-cairn')}, cairn)`);
  });
});

describe('bad input', () => {
  it('says in one sentence what is wrong, with a non-zero exit', async () => {
    const cases: [Person, string[], RegExp][] = [
      [bob, ['remote', 'approve', 'abc'], /^cairn: "abc" is not a session id; give the whole id/],
      [bob, ['remote', 'reject', ID, '--reason', ' '], /^cairn: A rejection needs a reason/],
      [carol, ['remote', 'pull', '--out', '/tmp/x', '--format', 'gif'], /^cairn: --format must be one of cairn, pyautogui/],
      [alice, ['remote', 'add', 'ftp://host/', '--token', 'x'], /^cairn: The server URL must start with https:\/\//],
      [alice, ['remote', 'add', team.server.url], /^cairn: No token was given: use --token, --token-file or the environment variable CAIRN_REMOTE_TOKEN\.\n$/],
      [alice, ['server', 'add-user', 'x', '--role', 'boss', '--database-url', 'postgresql://nowhere/db'], /^cairn: --role must be one of contributor, reviewer, researcher, admin, council, not "boss"\.\n$/],
      [alice, ['server', 'add-user', 'x y', '--role', 'admin', '--database-url-file', team.urlFile], /^cairn: "x y" cannot be a user name/],
      [alice, ['server', 'add-user', 'bob', '--role', 'admin', '--database-url-file', team.urlFile], /^cairn: There is already a user named bob/],
      [alice, ['server', 'revoke-user', 'nobody-here', '--database-url-file', team.urlFile], /^cairn: There is no user named nobody-here/],
      [alice, ['server', 'add-user', 'x', '--role', 'admin', '--database-url', `postgresql://postgres@localhost/cairn?host=${team.root}/none`], /^cairn: PostgreSQL cannot be reached or refused the connection/],
      [alice, ['server', 'start', '--database-url-file', join(team.root, 'missing')], /^cairn: --database-url-file \S+ cannot be read \(ENOENT\)/],
    ];
    for (const [who, args, expected] of cases) {
      const r = await who.cairn(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(expected);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
