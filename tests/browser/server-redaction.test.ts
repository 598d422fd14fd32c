// Redaction on the team service, in Debian's Chromium: a session whose typed secret the
// contributor's machine never flagged is checked by the service's own detectors (the screen says so
// while they run), which raise findings of their own; the reviewer redacts the typed secret with its
// finding's button and blacks out a frame by entering a box in the desktop review's box form, after
// which the service approves the session. The redactions are read back through the access log.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, screenshot, signInToTeamService } from '../helpers/browser.ts';
import { postgresMissing } from '../helpers/postgres.ts';
import { FRAME, seedReviewSession } from '../helpers/seed-review.ts';
import { startTeamService, type TeamService } from '../server/team-service.ts';

const ID = '2b3c4d5e-4444-4e4e-8f8f-000000000001';
const missing = chromiumMissingReason() ?? postgresMissing();
if (missing) console.warn(`Skipping the team service's redaction browser test: ${missing}.`);

interface Finding { n: number; source: string; foundBy: string; status: string; frameSeq: number | null }

describe.skipIf(missing !== null)('redaction by a reviewer on the team service', () => {
  let team: TeamService;
  let browser: Browser;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    team = await startTeamService();
    for (const [name, role] of [['alice', 'contributor'], ['bob', 'reviewer']] as const) tokens[name] = await team.addUser(name, role);
    const alice = await team.person('alice', tokens.alice);
    // Not scanned on alice's machine: the bundle carries no finding.
    await seedReviewSession(alice.dataDir, { id: ID, state: 'submitted', frames: 2 });
    const submit = await alice.cairn(['remote', 'submit', ID]);
    if (submit.code !== 0) throw new Error(submit.stderr);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await team?.close();
  });

  const signIn = (token: string) => signInToTeamService(browser, team.server.url, token, { width: 1200, height: 1000 });

  it("redacts the service's findings in the browser (a typed-text span, a box entered on a frame), after which the session is approved", async () => {
    const page = await signIn(tokens.bob!);
    await page.getByRole('button', { name: /^Review the session of alice/ }).click();
    await page.getByRole('heading', { name: 'Session of alice' }).waitFor();
    // The screen asks again until the service's detectors are done.
    await page.getByText("The service's own detectors are still checking this session").waitFor({ state: 'detached', timeout: 90_000 });
    const table = page.getByRole('table', { name: 'Findings' });
    await table.getByText('this service').first().waitFor();

    const findings = ((await (await team.api(tokens.bob!, `/api/v1/sessions/${ID}`)).json()) as { findings: Finding[] }).findings;
    const text = findings.filter((f) => f.source === 'text' && f.status === 'open');
    expect(text.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.foundBy === 'service')).toBe(true);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('alert').getByText(new RegExp(`^Session ${ID} has ${findings.length} open findings? \\(numbers [\\d, ]+\\): redact`)).waitFor();
    await screenshot(page, 'server-redaction-findings', { fullPage: true });

    for (const f of text) {
      await page.getByRole('button', { name: `Redact finding ${f.n}` }).click();
      await page.getByRole('button', { name: `Redact finding ${f.n}` }).waitFor({ state: 'detached' });
      expect((await table.locator('tbody tr').nth(f.n - 1).innerText()).split('\t').at(-1)).toMatch(/^redacted/);
    }
    // Each frame where the secret may show (no box: it could be anywhere): blacked out whole, by a box typed in.
    for (const seq of [...new Set(findings.filter((f) => f.source === 'frame' && f.status === 'open').map((f) => f.frameSeq!))]) {
      while (!(await page.getByRole('img', { name: `Frame ${seq} of the session` }).isVisible())) await page.getByRole('button', { name: 'Next frame' }).click();
      for (const [field, value] of [['x', 0], ['y', 0], ['width', FRAME.width], ['height', FRAME.height]] as const) await page.getByLabel(`Box ${field} in frame pixels`).fill(String(value));
      await page.getByRole('button', { name: 'Black out box' }).click();
      await page.getByText('No finding is open.').or(page.getByRole('alert')).waitFor();
    }
    await page.getByText('No finding is open.').waitFor();
    await screenshot(page, 'server-redaction-redacted', { fullPage: true });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('The session of alice was approved by bob.').waitFor();

    const log = (await (await team.api(tokens.alice!, `/api/v1/sessions/${ID}/access-log`)).json()) as { who: string; action: string; detail: { kind: string } }[];
    const redactions = log.filter((e) => e.action === 'redact');
    expect(redactions.map((e) => [e.who, e.detail.kind])).toEqual([...text.map(() => ['bob', 'text']), ...redactions.slice(text.length).map(() => ['bob', 'box'])]);
    expect(redactions.length).toBeGreaterThan(text.length);
  }, 180_000);
});
