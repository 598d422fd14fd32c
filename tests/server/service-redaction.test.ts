// The service's own review: a session uploaded with a typed secret its contributor's machine never
// flagged is checked by the service's detectors (in a worker, after the upload), which raise their
// own findings; approval is refused (409) while the session is checked and while those are open.
// A reviewer redacts them on the service (a contributor's token may not: 403); the session is then
// sealed under a new key, the old key file is destroyed and the old blobs removed, so the sealed
// rows that linger in PostgreSQL open with no key left; the access log names the reviewer's
// redactions; the session is approved and pulled, its parts verified as `bundle import` verifies.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open } from '../../src/server/storage/content-cipher.ts';
import { filesContaining, filesUnder } from '../helpers/disk-bytes.ts';
import { NO_SECRET, type SeededReview, seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

const ID = '7c8d9e0f-2222-4b4b-8c8c-000000000001';
/** Typed nothing secret: waits in the queue, checked, with no finding. */
const OTHER = '7c8d9e0f-2222-4b4b-8c8c-000000000002';
let team: TeamService;
let alice: Person;
let carol: Person;
let seeded: SeededReview;
const tokens: Record<string, string> = {};

interface Finding { n: number; source: string; foundBy: string; status: string; frameSeq: number | null }
interface Detail { checking: boolean; openFindings: number; findings: Finding[] }
const api = (token: string, path: string, init?: RequestInit) => team.api(token, path, init);
const detail = async (id = ID) => (await (await api(tokens.bob!, `/api/v1/sessions/${id}`)).json()) as Detail;
const redact = (token: string, body: unknown) => api(token, `/api/v1/sessions/${ID}/redact`, { method: 'POST', body: JSON.stringify(body) });
const keyFiles = () => filesUnder(join(team.blobDir, 'keys'));

beforeAll(async () => {
  team = await startTeamService();
  for (const [name, role] of [['alice', 'contributor'], ['bob', 'reviewer'], ['carol', 'researcher']] as const) tokens[name] = await team.addUser(name, role);
  alice = await team.person('alice', tokens.alice);
  carol = await team.person('carol', tokens.carol);
  // No scan on alice's machine: the bundle carries no finding at all.
  seeded = await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: 2 });
  await seedReviewSession(alice.dataDir, { id: OTHER, state: 'submitted', frames: 1, typed: NO_SECRET });
  const submit = await alice.cairn(['remote', 'submit', ID, OTHER]);
  if (submit.code !== 0) throw new Error(submit.stderr);
}, 90_000);
afterAll(() => team?.close());

describe("the service's own detectors", () => {
  it('check the session after the upload, refusing approval meanwhile, and raise findings of their own that the bundle did not carry', async () => {
    const first = await detail();
    if (first.checking) {
      const r = await api(tokens.bob!, `/api/v1/sessions/${ID}/approve`, { method: 'POST', body: '{}' });
      expect(r.status).toBe(409);
      // The check may have ended between the two requests: then its findings refuse it instead.
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(
        new RegExp(`^Session ${ID} (is still being checked by the service's detectors, and it can be approved only once they are done; try again in a moment\\.|has \\d+ open findings?)`),
      );
    }
    let d = first;
    for (const started = Date.now(); d.checking && Date.now() - started < 60_000; ) {
      await new Promise((r) => setTimeout(r, 250));
      d = await detail();
    }
    expect(d.checking).toBe(false);
    const text = d.findings.filter((f) => f.source === 'text');
    expect(text.length).toBeGreaterThan(0);
    expect(d.findings.every((f) => f.foundBy === 'service' && f.status === 'open')).toBe(true);
    expect(d.openFindings).toBe(d.findings.length);
    const r = await api(tokens.bob!, `/api/v1/sessions/${ID}/approve`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(409);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(new RegExp(`^Session ${ID} has ${d.findings.length} open findings? \\(numbers [\\d, ]+\\): redact`));
  }, 90_000);
});

describe('redaction by a reviewer of the service', () => {
  it("is refused to a contributor's token with 403", async () => {
    const r = await redact(tokens.alice!, { kind: 'finding', finding: 1 });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe('Only a reviewer may redact sessions; alice is a contributor.');
  });

  it('says in one sentence what is wrong with a redaction', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ kind: 'finding', finding: 99 }, 404, new RegExp(`^Session ${ID} has no finding 99; the review screen numbers them\\.$`)],
      [{ kind: 'box', frameSeq: 1, box: { x: 5000, y: 5000, width: 10, height: 10 } }, 400, /^The box 5000,5000,10,10 lies outside frame 1 \(320x200\)\.$/],
      [{ kind: 'box', frameSeq: 9, box: { x: 0, y: 0, width: 10, height: 10 } }, 404, new RegExp(`^Session ${ID} has no frame 9;`)],
      [{ kind: 'paint' }, 400, /./],
    ];
    for (const [body, status, message] of cases) {
      const r = await redact(tokens.bob!, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(((await r.json()) as { error: { message: string } }).error.message, JSON.stringify(body)).toMatch(message);
    }
  });

  it('clears the secret, seals the session under a new key, destroys the old key and blobs, and lets it be approved', async () => {
    const [old] = await team.sql<{ part: Buffer; events: Buffer }>('SELECT part, events FROM session_content WHERE session_id = $1', [ID]);
    const oldBlobs = (await team.sql<{ blob: string }>('SELECT blob FROM frames WHERE session_id = $1', [ID])).map((r) => r.blob);
    const oldKey = join(team.blobDir, 'keys', `session-${ID}.key`);
    expect(keyFiles()).toContain(oldKey);

    // Redact what each open finding points at, as the review screen's buttons do.
    for (let d = await detail(); d.openFindings > 0; d = await detail()) {
      const f = d.findings.find((x) => x.status === 'open')!;
      const r = await redact(tokens.bob!, { kind: 'finding', finding: f.n });
      expect(r.status, await r.clone().text()).toBe(200);
      const after = (await r.json()) as { findings: Finding[] };
      expect(after.findings.find((x) => x.n === f.n)!.status).toBe('redacted');
    }
    // A box the reviewer draws on frame 1 goes too.
    expect((await redact(tokens.bob!, { kind: 'box', frameSeq: 1, box: { x: 40, y: 30, width: 64, height: 24 } })).status).toBe(200);

    // The old key file is gone, no key left opens the rows as they were, and the old blobs are gone.
    expect(keyFiles()).not.toContain(oldKey);
    const keys = keyFiles().map((f) => readFileSync(f));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(() => open(key, `cairn-session ${ID} events`, old!.events)).toThrow();
      expect(() => open(key, `cairn-session ${ID} part`, old!.part)).toThrow();
    }
    for (const blob of oldBlobs) expect(filesUnder(join(team.blobDir, 'blobs')).some((f) => f.endsWith(blob))).toBe(false);
    // Neither the original frames nor their clear bytes lie anywhere under the blob or key folder.
    for (const frame of seeded.frames) expect(filesContaining(team.blobDir, Buffer.from(frame.bytes))).toEqual([]);

    const [now] = await team.sql<{ events: Buffer; key_generation: number }>('SELECT c.events, s.key_generation FROM session_content c JOIN sessions s ON s.id = c.session_id WHERE c.session_id = $1', [ID]);
    const key = readFileSync(join(team.blobDir, 'keys', `session-${ID}-g${now!.key_generation}.key`));
    const events = open(key, `cairn-session ${ID} events`, now!.events).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown[]);
    const { fromSeq, toSeq } = seeded.secretSeqs;
    // The secret's key-downs keep only their time: no key code is left in its span.
    expect(events.filter((e) => (e[0] as number) >= fromSeq && (e[0] as number) <= toSeq && e[8] !== null)).toEqual([]);
    expect(events.filter((e) => e[2] === 'key-down' && e[8] !== null).length).toBeGreaterThan(0);

    const approve = await api(tokens.bob!, `/api/v1/sessions/${ID}/approve`, { method: 'POST', body: '{}' });
    expect(approve.status).toBe(200);
  }, 120_000);

  it("names each redaction in the contributor's access log: who, and where (never what)", async () => {
    const log = JSON.parse((await alice.cairn(['remote', 'access-log', ID, '--json'])).stdout) as { who: string; action: string; detail: Record<string, unknown> }[];
    const redactions = log.filter((e) => e.action === 'redact');
    expect(redactions.length).toBeGreaterThanOrEqual(2);
    expect(redactions.every((e) => e.who === 'bob')).toBe(true);
    expect(redactions.map((e) => e.detail.kind)).toContain('text');
    expect(redactions.at(-1)!.detail).toEqual({ kind: 'box', frameSeq: 1, box: { x: 40, y: 30, width: 64, height: 24 }, whole: false });
  });

  it('hands a researcher the redacted session, verified as `bundle import` verifies it', async () => {
    const r = await carol.cairn(['remote', 'pull', '--out', join(team.root, 'dataset')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);
});

describe('a restart of the service', () => {
  it('removes what a redaction cut short left behind (a key of another generation, a blob no row names) and checks again a session left unchecked', async () => {
    const current = keyFiles();
    const strayKey = join(team.blobDir, 'keys', `session-${OTHER}-g7.key`);
    writeFileSync(strayKey, randomBytes(32), { mode: 0o600 });
    const strayBytes = randomBytes(100);
    const sha = createHash('sha256').update(strayBytes).digest('hex');
    mkdirSync(join(team.blobDir, 'blobs', sha.slice(0, 2)), { recursive: true });
    const strayBlob = join(team.blobDir, 'blobs', sha.slice(0, 2), sha);
    writeFileSync(strayBlob, strayBytes, { mode: 0o600 });
    await team.sql('UPDATE sessions SET checked_at = NULL WHERE id = $1', [OTHER]);
    expect((await detail(OTHER)).checking).toBe(true);

    await team.server.stop();
    await team.startServer();
    expect(keyFiles().sort()).toEqual(current.sort());
    expect(filesUnder(join(team.blobDir, 'blobs'))).not.toContain(strayBlob);
    await team.checked();
    const other = await detail(OTHER);
    expect([other.checking, other.openFindings]).toEqual([false, 0]);
    // The redacted session still opens with the key of its newest generation.
    expect((await api(tokens.bob!, `/api/v1/sessions/${ID}/frames/2`)).status).toBe(200);
  }, 90_000);
});

describe('`cairn remote redact`', () => {
  it('redacts as the review screen does, named in the access log, and says in one sentence what is wrong', async () => {
    const bob = await team.person('bob', tokens.bob);
    const ok = await bob.cairn(['remote', 'redact', OTHER, '--box', '1:0,0,16,8']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe(`Redacted 16x8 at 0,0 on frame 1 of session ${OTHER} on the service; no finding is open.\n`);
    const log = (await (await api(tokens.alice!, `/api/v1/sessions/${OTHER}/access-log`)).json()) as { who: string; action: string; detail: unknown }[];
    expect(log.at(-1)).toMatchObject({ who: 'bob', action: 'redact', detail: { kind: 'box', frameSeq: 1 } });

    const cases: [Person, string[], number, RegExp][] = [
      [bob, ['remote', 'redact', OTHER], 2, /^cairn: Give exactly one of --finding N, --text FROM\.\.TO, --title WINDOW, --task or --box FRAME:X,Y,W,H\.\n$/],
      [bob, ['remote', 'redact', OTHER, '--task', '--finding', '1'], 2, /^cairn: Give exactly one of/],
      [bob, ['remote', 'redact', OTHER, '--box', '1:x'], 2, /^cairn: --box must be FRAME:X,Y,W,H in whole pixels/],
      [bob, ['remote', 'redact', OTHER, '--text', '9..3'], 2, /^cairn: --text must be FROM\.\.TO/],
      [bob, ['remote', 'redact', OTHER, '--finding', '0'], 2, /^cairn: --finding takes a whole number from 1, not "0"\.\n$/],
      [alice, ['remote', 'redact', OTHER, '--task'], 1, /^cairn: Only a reviewer may redact sessions; alice is a contributor\.\n$/],
    ];
    for (const [who, args, code, stderr] of cases) {
      const r = await who.cairn(args);
      expect([r.code, r.stderr], args.join(' ')).toEqual([code, expect.stringMatching(stderr)]);
    }
  }, 90_000);
});
