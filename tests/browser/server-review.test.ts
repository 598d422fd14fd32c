// The reviewer's queue in the UI the team service serves (`cairn server start` over a real
// PostgreSQL), in Debian's Chromium: a reviewer types their token into the sign-in form (kept in the
// tab's sessionStorage, never in the URL), sees the queue, opens a session with open findings,
// waives one, meets the service's refusal to approve while the others are open, rejects it with a
// reason, and approves a clean one.
// The decisions are read back through the API, named. A contributor's token sees their own data,
// no queue, and the service refuses them the queue in words.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, screenshot, signInToTeamService } from '../helpers/browser.ts';
import { postgresMissing } from '../helpers/postgres.ts';
import { NO_SECRET, seedReviewSession } from '../helpers/seed-review.ts';
import { startTeamService, type TeamService } from '../server/team-service.ts';

const FLAGGED = '1a2b3c4d-3333-4d4d-8e8e-000000000001';
const CLEAN = '1a2b3c4d-3333-4d4d-8e8e-000000000002';
const REASON = 'The terminal shows a key: redact it and submit again.';
const missing = chromiumMissingReason() ?? postgresMissing();
if (missing) console.warn(`Skipping the team service's browser test: ${missing}.`);

describe.skipIf(missing !== null)("the reviewer's queue on the team service", () => {
  let team: TeamService;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    team = await startTeamService();
    for (const [name, role] of [['alice', 'contributor'], ['bob', 'reviewer']] as const) tokens[name] = await team.addUser(name, role);
    const alice = await team.person('alice', tokens.alice);
    await seedReviewSession(alice.dataDir, { id: FLAGGED, state: 'submitted', frames: 2, findings: 'one-open', title: 'Terminal-Zanzibar' });
    await seedReviewSession(alice.dataDir, { id: CLEAN, state: 'submitted', frames: 2, typed: NO_SECRET });
    const submit = await alice.cairn(['remote', 'submit', FLAGGED, CLEAN]);
    if (submit.code !== 0) throw new Error(submit.stderr);
    await team.checked();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  const signIn = (token: string) => signInToTeamService(browser, team.server.url, token);

  it('signs a reviewer in, refuses approval while a finding is open, rejects that session and approves the clean one', async () => {
    const page = await signIn(tokens.bob!);
    await page.getByText('Signed in to the team service as bob (reviewer).').waitFor();
    await page.getByText('2 submitted sessions waiting for review, oldest first.').waitFor();
    // The token stays out of the address bar and lives in this tab's sessionStorage.
    expect(page.url()).toBe(new URL('/', team.server.url).href);
    expect(await page.evaluate(() => sessionStorage.getItem('cairn.team-token'))).toBe(tokens.bob);
    const rows = await page.locator('.queue-table tbody tr').allInnerTexts();
    // Contributor, frames, and whether a finding is open on the service: the flagged one first (same upload, id order).
    expect(rows.map((r) => r.split('\t')).map((c) => [c[1], c[3], Number(c[4]) > 0])).toEqual([
      ['alice', '2', true],
      ['alice', '2', false],
    ]);
    await screenshot(page, 'server-review-queue');

    await page.getByRole('button', { name: /^Review the session of alice/ }).first().click();
    await page.getByRole('heading', { name: 'Session of alice' }).waitFor();
    await page.getByRole('img', { name: 'Frame 1 of the session' }).waitFor();
    expect(await page.getByRole('table', { name: 'Windows' }).innerText()).toContain('Terminal-Zanzibar');
    const findings = await page.getByRole('table', { name: 'Findings' }).locator('tbody tr').allInnerTexts();
    expect(findings.length).toBeGreaterThanOrEqual(2);
    // The bundle's waivers count for nothing here: every finding is open on the service.
    expect(findings.every((f) => /\topen\b/.test(f))).toBe(true);
    await page.getByRole('button', { name: 'Next frame' }).click();
    await page.getByRole('img', { name: 'Frame 2 of the session' }).waitFor();
    // One finding waived here, named; the others keep approval refused.
    await page.getByLabel('Why finding 1 is no secret').fill('The AWS documentation example key.');
    await page.getByRole('button', { name: 'Waive' }).first().click();
    await page.getByRole('table', { name: 'Findings' }).getByText('waived by bob').waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('alert').getByText(new RegExp(`^Session \\S+ has ${findings.length - 1} open findings? \\(numbers [\\d, ]+\\): redact`)).waitFor();
    await screenshot(page, 'server-review-refused', { fullPage: true });
    await page.getByLabel('Reason for the contributor').fill(REASON);
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByText(`The session of alice was rejected by bob: ${REASON}`).waitFor();
    await page.getByText('1 submitted session waiting for review, oldest first.').waitFor();

    await page.getByRole('button', { name: /^Review the session of alice/ }).click();
    await page.getByRole('table', { name: 'Findings' }).getByText('No finding.').waitFor();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('The session of alice was approved by bob.').waitFor();
    await page.getByText('Nothing to review: no session is waiting.').waitFor();
    await screenshot(page, 'server-review-done');

    const mine = (await (await team.api(tokens.alice!, '/api/v1/my/sessions')).json()) as { id: string; state: string; decidedBy: string; reason: string | null }[];
    expect(mine.map((s) => [s.id, s.state, s.decidedBy, s.reason])).toEqual([
      [FLAGGED, 'rejected', 'bob', REASON],
      [CLEAN, 'approved', 'bob', null],
    ]);
    // A reload of the tab stays signed in.
    await page.reload();
    await page.getByText('Signed in to the team service as bob (reviewer).').waitFor();
  }, 90_000);

  it("shows a contributor's token no queue but their own data, and the service refuses them the queue in words", async () => {
    const page = await signIn(tokens.alice!);
    await page.getByText('Signed in to the team service as alice (contributor).').waitFor();
    await page.getByRole('heading', { name: 'My data on the service' }).waitFor();
    expect(await page.locator('.queue-table').count()).toBe(0);
    const queue = await team.api(tokens.alice!, '/api/v1/queue');
    expect(queue.status).toBe(403);
    expect(((await queue.json()) as { error: { message: string } }).error.message).toBe('Only a reviewer may see the review queue; alice is a contributor.');
    await screenshot(page, 'server-review-contributor');
  }, 60_000);

  it('says in words that a wrong token is not valid, and keeps nothing', async () => {
    const page = await signIn('cairn_not-a-token');
    await page.getByRole('alert').getByText('This token is not valid on this service (unknown or revoked); ask an admin for a new one.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('cairn.team-token'))).toBeNull();
  }, 60_000);
});
