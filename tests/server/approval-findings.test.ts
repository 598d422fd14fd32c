// Approval on the team service fails closed: a finding counts as open there whatever the bundle says
// of its waiver (made on another machine), and `remote approve` is refused with 409 and one sentence
// while any is open. A reviewer of the service may waive a finding, named, with a reason that is
// sealed with the session's content; the waiver is in the contributor's access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from './team-service.ts';

const WAIVED = '5b6c7d8e-1111-4a4a-8b8b-000000000001';
const OPEN = '5b6c7d8e-1111-4a4a-8b8b-000000000002';
const CLEAN = '5b6c7d8e-1111-4a4a-8b8b-000000000003';
const REASON = 'Zanzibar-waiver-reason: the AWS documentation example key';
let team: TeamService;
let alice: Person;
let bob: Person;
const tokens: Record<string, string> = {};

const api = (token: string, path: string, init?: RequestInit) => team.api(token, path, init);

interface Finding { n: number; source: string; status: string; waivedBy: string | null }
const findingsOf = async (id: string) => ((await (await api(tokens.bob!, `/api/v1/sessions/${id}`)).json()) as { findings: Finding[]; openFindings: number });

beforeAll(async () => {
  team = await startTeamService();
  for (const [name, role] of [['alice', 'contributor'], ['bob', 'reviewer'], ['carol', 'researcher']] as const) tokens[name] = await team.addUser(name, role);
  alice = await team.person('alice', tokens.alice);
  bob = await team.person('bob', tokens.bob);
  // Every finding waived on alice's machine; one left open; none at all.
  await seedReviewSession(alice.dataDir, { id: WAIVED, state: 'submitted', frames: 2, findings: 'waived' });
  await seedReviewSession(alice.dataDir, { id: OPEN, state: 'submitted', frames: 2, findings: 'one-open' });
  await seedReviewSession(alice.dataDir, { id: CLEAN, state: 'submitted', frames: 1, typed: NO_SECRET });
  const submit = await alice.cairn(['remote', 'submit', WAIVED, OPEN, CLEAN]);
  if (submit.code !== 0) throw new Error(submit.stderr);
  await team.checked();
}, 90_000);
afterAll(() => team?.close());

describe('approval on the service', () => {
  it("counts a bundle's waived findings as open: the queue shows them and approval is refused with 409 and one sentence", async () => {
    const { findings, openFindings } = await findingsOf(WAIVED);
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(findings.every((f) => f.status === 'open')).toBe(true);
    expect(openFindings).toBe(findings.length);
    const numbers = findings.map((f) => f.n).join(', ');

    const r = await bob.cairn(['remote', 'approve', WAIVED]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `cairn: Session ${WAIVED} has ${findings.length} open findings (numbers ${numbers}): redact them on the review screen, waive a finding that is no secret (\`cairn remote waive\`), or reject the session with a reason.\n`,
    );
    const res = await api(tokens.bob!, `/api/v1/sessions/${OPEN}/approve`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Session \S+ has \d+ open findings? \(numbers [\d, ]+\): redact/);
    // Nothing was decided: both still wait in the queue, and a researcher has nothing to pull.
    const queue = JSON.parse((await bob.cairn(['remote', 'queue', '--json'])).stdout) as { id: string; state: string; openFindings: number }[];
    expect(queue.map((s) => [s.id, s.state, s.openFindings > 0])).toEqual([
      [WAIVED, 'submitted', true],
      [OPEN, 'submitted', true],
      [CLEAN, 'submitted', false],
    ]);
    const pull = await api(tokens.carol!, '/api/v1/pulls', { method: 'POST', body: JSON.stringify({ format: 'cairn', destination: '/x' }) });
    expect(pull.status).toBe(404);
  });

  it('approves a session with no finding', async () => {
    const r = await bob.cairn(['remote', 'approve', CLEAN]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`Session ${CLEAN} of alice is approved by bob.\n`);
  });

  it("lets a reviewer of the service waive each finding, named, the reason sealed; then approval goes through", async () => {
    const refused = await alice.cairn(['remote', 'waive', WAIVED, '1', '--reason', 'mine']);
    expect(refused.stderr).toBe('cairn: Only a reviewer may waive findings; alice is a contributor.\n');
    const { findings } = await findingsOf(WAIVED);
    for (const f of findings) {
      const r = await bob.cairn(['remote', 'waive', WAIVED, String(f.n), '--reason', REASON]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^Finding ${f.n} of session ${WAIVED} \\(${f.source}, \\S+\\) is waived by bob\\.\\n$`));
    }
    const again = await bob.cairn(['remote', 'waive', WAIVED, '1', '--reason', REASON]);
    expect(again.stderr).toBe(`cairn: Finding 1 of session ${WAIVED} is waived already (by bob).\n`);
    const after = await findingsOf(WAIVED);
    expect(after.openFindings).toBe(0);
    expect(after.findings.map((f) => [f.status, f.waivedBy])).toEqual(findings.map(() => ['waived', 'bob']));

    const approve = await bob.cairn(['remote', 'approve', WAIVED]);
    expect(approve.stdout).toBe(`Session ${WAIVED} of alice is approved by bob.\n`);

    const log = JSON.parse((await alice.cairn(['remote', 'access-log', WAIVED, '--json'])).stdout) as { who: string; action: string; detail: unknown }[];
    expect(log.filter((e) => e.action === 'waive').map((e) => [e.who, e.detail])).toEqual(findings.map((f) => ['bob', { finding: f.n }]));
    // The reason may quote what was found: it is stored sealed, not in clear.
    const rows = await team.sql<{ reason: Buffer }>('SELECT reason FROM finding_waivers WHERE session_id = $1', [WAIVED]);
    expect(rows).toHaveLength(findings.length);
    for (const row of rows) expect(row.reason.includes(Buffer.from('Zanzibar'))).toBe(false);
  });

  it('says in one sentence what is wrong with a waiver', async () => {
    const cases: [string[], string][] = [
      [['remote', 'waive', OPEN, '99', '--reason', 'x'], `cairn: Session ${OPEN} has no finding 99; the refusal of \`cairn remote approve\` and the review screen number them.\n`],
      [['remote', 'waive', OPEN, 'one', '--reason', 'x'], 'cairn: "one" is not a finding number; give it as the review screen numbers it (1, 2, …).\n'],
      [['remote', 'waive', OPEN, '1', '--reason', ' '], 'cairn: A waiver needs a reason (why what it found is no secret); give it with --reason.\n'],
      [['remote', 'waive', CLEAN, '1', '--reason', 'x'], `cairn: Session ${CLEAN} is approved, and findings can be waived only before the decision.\n`],
    ];
    for (const [args, stderr] of cases) {
      const r = await bob.cairn(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toBe(stderr);
    }
  });
});
