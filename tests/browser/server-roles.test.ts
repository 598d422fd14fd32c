// The screens of the team service's other roles (`cairn server start` over a real PostgreSQL), in
// Debian's Chromium, each signed in with its own token: a contributor's data with the access log
// a reviewer's views, approval and a researcher's pull left (and nothing of another contributor),
// the ledger and the data archive downloaded; a researcher's dataset with the session withdrawn
// since flagged; the council's view of a policy waiting for its signature, signed with the CLI and
// sent back; the admin's counts (no names) and the ledger of every contributor.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { chromiumMissingReason, launchChromium, screenshot } from '../helpers/browser.ts';
import { postgresMissing } from '../helpers/postgres.ts';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from '../server/team-service.ts';

const id = (n: number) => `2b3c4d5e-4444-4e4e-8f8f-0000000000${String(n).padStart(2, '0')}`;
const KEPT = id(1);
const WITHDRAWN = id(2);
const CONTRIBUTORS = ['alice', 'carol', 'dan', 'erin', 'finn'];
const missing = chromiumMissingReason() ?? postgresMissing();
if (missing) console.warn(`Skipping the team service's role screens test: ${missing}.`);

describe.skipIf(missing !== null)("the team service's screens for contributors, researchers, admins and the council", () => {
  let team: TeamService;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const people: Record<string, Person> = {};
  const dataset = () => join(team.root, 'dataset-one');
  const key = (name: string) => join(team.root, `${name}.key`);

  const ok = async (who: string, args: string[]) => {
    const r = await people[who]!.cairn(args);
    if (r.code !== 0) throw new Error(`${who}: cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };

  beforeAll(async () => {
    team = await startTeamService();
    const roles = [...CONTRIBUTORS.map((c) => [c, 'contributor'] as const), ['bob', 'reviewer'], ['rita', 'researcher'], ['ada', 'admin'], ['carl', 'council']] as const;
    for (const [name, role] of roles) {
      tokens[name] = await team.addUser(name, role);
      people[name] = await team.person(name, tokens[name]);
    }
    // Five contributors submit (alice twice), so the month's counts are shown to the admin.
    const mine: Record<string, string[]> = { alice: [KEPT, WITHDRAWN], carol: [id(3)], dan: [id(4)], erin: [id(5)], finn: [id(6)] };
    await Promise.all(
      Object.entries(mine).map(async ([who, ids]) => {
        for (const s of ids) await seedReviewSession(people[who]!.dataDir, { id: s, state: 'submitted', frames: 1, typed: NO_SECRET });
        await ok(who, ['remote', 'submit', ...ids]);
      }),
    );
    await team.checked();
    // The reviewer reads alice's session and one frame (as the review screen does), then approves.
    expect((await team.api(tokens.bob!, `/api/v1/sessions/${KEPT}`)).status).toBe(200);
    expect((await team.api(tokens.bob!, `/api/v1/sessions/${KEPT}/frames/1`)).status).toBe(200);
    for (const s of [KEPT, WITHDRAWN, id(3)]) await ok('bob', ['remote', 'approve', s]);
    await ok('rita', ['remote', 'pull', '--out', dataset()]);
    // alice withdraws one session after the pull (what `remote sync` sends).
    const sync = await team.api(tokens.alice!, '/api/v1/sync', { method: 'POST', body: JSON.stringify({ erase: [{ id: WITHDRAWN, reason: 'withdrawn' }] }) });
    expect(sync.status).toBe(200);

    // The admin proposes a policy signed by them alone; it waits for the council.
    for (const name of ['ada', 'carl']) {
      await ok(name, ['org', 'keygen', '--out', key(name)]);
      await ok(name, ['server', 'add-key', name, '--public-key', `${key(name)}.pub`, '--database-url-file', team.urlFile]);
    }
    const policy = JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as { policy: Record<string, unknown> };
    policy.policy.consent = { version: loadConsentText().version, sha256: loadConsentText().sha256 };
    const file = join(team.root, 'policy.json');
    writeFileSync(file, JSON.stringify(policy));
    await ok('ada', ['org', 'sign', file, '--key', key('ada'), '--role', 'admin']);
    expect((await ok('ada', ['remote', 'send-policy', file])).stdout).toMatch(/^The policy of Example Lab issued 2026-12-01T09:00:00Z waits for the council's signature: signed by admin ada \(key [0-9a-f]{16}\)\.\n$/);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  async function signIn(who: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(team.server.url);
    await page.getByLabel('Your token').fill(tokens[who]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'latin1') };
  }

  const cells = async (page: Page, table: string) => (await page.getByRole('table', { name: table }).locator('tbody tr').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));

  it('shows a contributor their sessions and who accessed each, never another contributor’s session, and downloads their ledger and data', async () => {
    const page = await signIn('alice');
    await page.getByRole('table', { name: 'My sessions' }).getByText(KEPT).waitFor();
    const rows = await cells(page, 'My sessions');
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      [KEPT, 'approved'],
      [WITHDRAWN, 'erased (withdrawn or deleted)'],
    ]);
    expect(rows[0]![3]).toMatch(/^bob, /);
    // carol's session is not on the page, nor her name.
    const body = await page.locator('body').innerText();
    expect(body).not.toContain(id(3));
    expect(body).not.toContain('carol');

    await page.getByRole('row', { name: new RegExp(KEPT) }).getByRole('button', { name: /^Who accessed/ }).click();
    await page.getByRole('table', { name: `Access log of session ${KEPT}` }).getByText('approved it').waitFor();
    const log = await cells(page, `Access log of session ${KEPT}`);
    expect(log.map((r) => [r[1], r[2]])).toEqual([
      ['alice (contributor)', 'sent it to the service'],
      ['bob (reviewer)', 'read its text, titles and findings'],
      ['bob (reviewer)', 'viewed frame 1'],
      ['bob (reviewer)', 'approved it'],
      ['rita (researcher)', `pulled it into a dataset (${dataset()}, cairn)`],
    ]);
    await screenshot(page, 'server-contributor-my-data', { fullPage: true });

    const [{ steps }] = (await team.sql<{ steps: number }>('SELECT sum(steps)::int AS steps FROM sessions WHERE id = ANY($1)', [[KEPT, WITHDRAWN]])) as [{ steps: number }];
    expect(steps).toBeGreaterThan(0);
    const ledger = await download(page, 'Download my ledger statement (CSV)');
    expect(ledger.name).toBe('cairn-ledger-alice.csv');
    const today = new Date().toISOString().slice(0, 10);
    // Two approved sessions of 12 s each, one withdrawn since: it still counts, and is counted as withdrawn.
    expect(ledger.text.split('\r\n')).toEqual([
      'contributor,period,approved_sessions,approved_minutes,steps,withdrawn_sessions,datasets',
      `alice,${today.slice(0, 7)},2,0.4,${steps},1,"pull 1 (${today}, cairn)"`,
      '',
    ]);
    const archive = await download(page, 'Download all my data (tar)');
    expect(archive.name).toBe('cairn-my-data-alice.tar');
    expect(archive.text).toContain('access-log.json');
    expect(archive.text).toContain(`sessions/${KEPT}.cairn`);
    expect(archive.text).not.toContain(`sessions/${WITHDRAWN}.cairn`);
  }, 90_000);

  it('flags for a researcher the session withdrawn since their pull, with the command that lists it in their folder', async () => {
    const page = await signIn('rita');
    await page.getByText('1 session in your datasets was withdrawn since you pulled it.').waitFor();
    expect(await page.locator('pre.command').first().innerText()).toBe(`cairn remote pull --out ${dataset()}`);
    const pulls = await cells(page, 'Datasets you pulled');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.slice(1, 4)).toEqual(['cairn', dataset(), '3']);
    expect(pulls[0]![4]).toMatch(new RegExp(`^purge ${WITHDRAWN}: its contributor withdrew consent, `));
    // The two sessions still approved, with no contributor named.
    expect((await cells(page, 'Approved sessions')).map((r) => r[0]).sort()).toEqual([KEPT, id(3)]);
    expect(await page.locator('body').innerText()).not.toMatch(/alice|carol/);
    await screenshot(page, 'server-researcher-datasets', { fullPage: true });
  }, 60_000);

  it('shows the council the version waiting for their signature and the commands; signed with the CLI and sent, it is in force', async () => {
    const page = await signIn('carl');
    await page.getByRole('heading', { name: 'Works council' }).waitFor();
    await page.getByText("A new version waits for the works council's signature").waitFor();
    const signatures = page.getByRole('list', { name: 'Signatures of the policy issued 2026-12-01T09:00:00Z' });
    expect(await signatures.innerText()).toMatch(/^Admin: signed by ada \(key [0-9a-f]{16}\)\nCouncil: not signed yet$/);
    expect(await page.locator('.pending-policy pre.command').innerText()).toBe(
      'cairn org sign pending-policy.json --key council.key --role council\ncairn remote send-policy pending-policy.json',
    );
    await screenshot(page, 'server-council-pending', { fullPage: true });

    const pending = await download(page, 'Download the policy to sign');
    expect(pending.name).toBe('pending-policy.json');
    const file = join(team.root, 'pending-policy.json');
    writeFileSync(file, pending.text);
    await ok('carl', ['org', 'sign', file, '--key', key('carl'), '--role', 'council']);
    expect((await ok('carl', ['remote', 'send-policy', file])).stdout).toMatch(/is in force: signed by admin ada \(key [0-9a-f]{16}\) and council carl/);
    await page.reload();
    await page.getByText('In force', { exact: true }).waitFor();
    expect(await page.getByRole('list', { name: 'Signatures of the policy issued 2026-12-01T09:00:00Z' }).innerText()).toMatch(/^Admin: signed by ada \(key \w+\)\nCouncil: signed by carl \(key \w+\)$/);
    expect(await page.locator('.pending-policy').count()).toBe(0);
    // The council has no ledger of people.
    expect(await page.getByRole('button', { name: 'Download the ledger (CSV)' }).count()).toBe(0);
    await screenshot(page, 'server-council-in-force', { fullPage: true });
  }, 90_000);

  it("shows an admin counts only (no contributor's name anywhere), the policy's signatures, and every contributor's ledger", async () => {
    const page = await signIn('ada');
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    const month = new Date().toISOString().slice(0, 7);
    await page.getByRole('table', { name: 'Activity per month' }).getByRole('cell', { name: month }).waitFor();
    // 5 contributors, 6 sessions submitted, 3 approved (one withdrawn since), 1 erased, 3 × 12 s approved.
    expect(await cells(page, 'Activity per month')).toEqual([[month, '5', '6', '3', '0', '1', '1']]);
    const body = await page.locator('body').innerText();
    for (const name of CONTRIBUTORS) expect(body).not.toContain(name);
    await page.getByText('In force', { exact: true }).waitFor();
    await screenshot(page, 'server-admin', { fullPage: true });

    const ledger = await download(page, 'Download the ledger (CSV)');
    const lines = ledger.text.split('\r\n');
    expect(lines.map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      'contributor,period,approved_sessions,approved_minutes',
      `alice,${month},2,0.4`,
      `carol,${month},1,0.2`,
      '',
    ]);
    const record = await download(page, 'Record of processing (GDPR Art. 30)');
    expect(record.text).toMatch(/^# Record of processing activities \(GDPR Art\. 30\)\n/);
    expect(record.text).toContain('signed by admin ada');
    const dpia = await download(page, 'DPIA support pack (GDPR Art. 35)');
    expect(dpia.text).toMatch(/^# DPIA support pack/);
  }, 90_000);
});
