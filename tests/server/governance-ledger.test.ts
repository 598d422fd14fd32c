// The contributor ledger, the admins' activity counts, the record of processing and DPIA pack, and
// a contributor's download of all their data, against real PostgreSQL and real `cairn` processes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

const APPROVED = '5c3e0a1b-1111-4a4a-8b8b-0000000000b1';
const REJECTED = '5c3e0a1b-1111-4a4a-8b8b-0000000000b2';
const BOBS = '5c3e0a1b-1111-4a4a-8b8b-0000000000b3';
let team: TeamService;
const people: Record<string, Person> = {};
const tokens: Record<string, string> = {};

const ok = async (who: string, args: string[]) => {
  const r = await people[who]!.cairn(args);
  if (r.code !== 0) throw new Error(`${who}: cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};
const api = (who: string, path: string) => fetch(new URL(path, team.server.url), { headers: { Authorization: `Bearer ${tokens[who]}` } });
const sql = <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => team.sql<T>(text, params);
const thisMonth = () => new Date().toISOString().slice(0, 7);

beforeAll(async () => {
  team = await startTeamService();
  for (const [name, role] of [['alice', 'contributor'], ['bob', 'contributor'], ['rev', 'reviewer'], ['res', 'researcher'], ['ada', 'admin'], ['carl', 'council']] as const) {
    tokens[name] = await team.addUser(name, role);
    people[name] = await team.person(name, tokens[name]);
  }
  await seedReviewSession(people.alice!.dataDir, { id: APPROVED, state: 'submitted', frames: 1, typed: NO_SECRET });
  await seedReviewSession(people.alice!.dataDir, { id: REJECTED, state: 'submitted', frames: 1 });
  await seedReviewSession(people.bob!.dataDir, { id: BOBS, state: 'submitted', frames: 1, typed: NO_SECRET });
  await ok('alice', ['remote', 'submit', APPROVED, REJECTED]);
  await ok('bob', ['remote', 'submit', BOBS]);
  await team.checked();
  await ok('rev', ['remote', 'approve', APPROVED]);
  await ok('rev', ['remote', 'approve', BOBS]);
  await ok('rev', ['remote', 'reject', REJECTED, '--reason', 'blurry']);
  await ok('res', ['remote', 'pull', '--out', join(team.root, 'dataset')]);
}, 180_000);
afterAll(() => team?.close());

describe('contributor ledger', () => {
  it('gives a contributor their own approved minutes and steps for the month, with the dataset it entered, as CSV', async () => {
    const out = join(team.root, 'alice-ledger.csv');
    await ok('alice', ['remote', 'ledger', '--out', out]);
    const lines = readFileSync(out, 'utf8').split('\r\n');
    const [{ steps }] = (await sql<{ steps: number }>('SELECT steps FROM sessions WHERE id = $1', [APPROVED])) as [{ steps: number }];
    expect(steps).toBeGreaterThan(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(lines[0]).toBe('contributor,period,approved_sessions,approved_minutes,steps,withdrawn_sessions,datasets');
    // seedReviewSession records 12 s: 0.2 minutes.
    expect(lines[1]).toBe(`alice,${thisMonth()},1,0.2,${steps},0,"pull 1 (${today}, cairn)"`);
    expect(lines.slice(2)).toEqual(['']);
  });

  it("gives an admin every contributor's rows, and refuses a reviewer", async () => {
    const all = await api('ada', '/api/v1/ledger');
    expect(all.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = (await all.text()).split('\r\n').slice(1, -1).map((l) => l.split(',')[0]);
    expect(rows).toEqual(['alice', 'bob']);
    expect((await api('rev', '/api/v1/ledger')).status).toBe(403);
  });

  it('keeps counting a session approved and then withdrawn, in withdrawn_sessions', async () => {
    await sql(`UPDATE sessions SET state = 'erased', erased_at = $2, erase_reason = 'withdrawn' WHERE id = $1`, [BOBS, Date.now()]);
    const csv = await (await api('bob', '/api/v1/ledger')).text();
    expect(csv.split('\r\n')[1]).toMatch(/^bob,\d{4}-\d{2},1,0\.2,\d+,1,/);
  });
});

describe('admin activity stats', () => {
  it('shows a month of fewer than 5 contributors as "<5" only, to the admin and the council, and to no one else', async () => {
    for (const who of ['ada', 'carl']) {
      const stats = (await (await api(who, '/api/v1/governance/stats')).json()) as unknown;
      expect(stats).toEqual({ minGroup: 5, months: [{ period: thisMonth(), contributors: '<5' }] });
    }
    for (const who of ['alice', 'rev', 'res']) expect((await api(who, '/api/v1/governance/stats')).status).toBe(403);
  });

  it('shows counts, and no name, for a month of 5 contributors or more', async () => {
    // Three more contributors' sessions in an earlier month, and alice's two and bob's moved there: 5 people.
    const [upload] = await sql<{ id: string }>('SELECT upload_id AS id FROM sessions LIMIT 1');
    for (let i = 0; i < 3; i++) {
      const [user] = await sql<{ id: number }>("INSERT INTO users (name, role, token_sha256, created_at) VALUES ($1, 'contributor', $2, 0) RETURNING id", [`extra${i}`, Buffer.from(`t${i}`)]);
      await sql(
        `INSERT INTO sessions (id, owner_id, upload_id, state, submitted_at, started_at, ended_at, events, frames, open_findings) VALUES ($1, $2, $3, 'submitted', $4, 0, 60000, 1, 0, 0)`,
        [`00000000-0000-4000-8000-00000000000${i}`, user!.id, upload!.id, Date.UTC(2026, 9, 10)],
      );
    }
    await sql('UPDATE sessions SET submitted_at = $1 WHERE id IN ($2, $3, $4)', [Date.UTC(2026, 9, 12), APPROVED, REJECTED, BOBS]);
    const stats = (await (await api('carl', '/api/v1/governance/stats')).json()) as { months: Record<string, unknown>[] };
    expect(stats.months).toEqual([{ period: '2026-10', contributors: 5, submitted: 6, approved: 2, rejected: 1, erased: 1, approvedMinutes: 0 }]);
    expect(JSON.stringify(stats)).not.toMatch(/alice|bob|extra|5c3e0a1b/);
  });
});

describe('record of processing, DPIA pack, my data', () => {
  it('writes the record of processing and the DPIA pack from the live configuration, without the database password', async () => {
    const rop = join(team.root, 'rop.md');
    const dpia = join(team.root, 'dpia.md');
    await ok('ada', ['server', 'record-of-processing', '--out', rop, '--database-url-file', team.urlFile, '--blob-dir', team.blobDir]);
    await ok('ada', ['server', 'dpia', '--out', dpia, '--database-url-file', team.urlFile, '--blob-dir', team.blobDir]);
    const text = readFileSync(rop, 'utf8');
    expect(text).toContain('**No signed organisation policy is in force**');
    expect(text).toMatch(/contributors \(5 accounts\)/);
    expect(text).toContain('reviewers 1, researchers 1, admins 1, council 1');
    expect(text).toContain(team.blobDir);
    expect(text).toContain('/cairn');
    expect(readFileSync(dpia, 'utf8')).toContain('## 3. Risks to the rights and freedoms of contributors, and measures');
    const served = await api('carl', '/api/v1/governance/record-of-processing');
    expect(served.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect((await served.text()).split('\n')[0]).toBe('# Record of processing activities (GDPR Art. 30)');
    expect((await api('alice', '/api/v1/governance/dpia')).status).toBe(403);
  });

  it('gives a contributor all their data as a tar whose sessions import back with `cairn bundle import`', async () => {
    const out = join(team.root, 'alice-data.tar');
    await ok('alice', ['remote', 'my-data', '--out', out]);
    const listed = execFileSync('tar', ['-tf', out], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toEqual(['README.txt', 'account.json', 'sessions.json', 'access-log.json', `sessions/${APPROVED}.cairn`, `sessions/${REJECTED}.cairn`]);
    const dir = join(team.root, 'alice-data');
    mkdirSync(dir);
    execFileSync('tar', ['-xf', out, '-C', dir]);
    const sessions = JSON.parse(readFileSync(join(dir, 'sessions.json'), 'utf8')) as { id: string; state: string; decidedBy: string; reason: string | null }[];
    expect(sessions.map((s) => [s.id, s.state, s.decidedBy, s.reason])).toEqual([
      [APPROVED, 'approved', 'rev', null],
      [REJECTED, 'rejected', 'rev', 'blurry'],
    ]);
    const log = JSON.parse(readFileSync(join(dir, 'access-log.json'), 'utf8')) as { sessionId: string; who: string; action: string }[];
    expect(log.filter((e) => e.sessionId === APPROVED).map((e) => `${e.who}:${e.action}`)).toEqual(expect.arrayContaining(['alice:upload', 'rev:approve', 'res:pull']));
    expect(log.every((e) => [APPROVED, REJECTED].includes(e.sessionId))).toBe(true);
    const fresh = await team.person('alice-elsewhere');
    const imported = await fresh.cairn(['bundle', 'import', join(dir, 'sessions', `${APPROVED}.cairn`)]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect((await api('rev', '/api/v1/my/data')).status).toBe(403);
  });
});
