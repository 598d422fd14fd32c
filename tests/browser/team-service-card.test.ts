// A contributor's team service in the app (My data's card), over the real core (`startHttpHost`
// on a seeded store) and a real team service (`cairn server start` on a throwaway PostgreSQL), in
// Debian's Chromium: a wrong token is refused with the service's sentence and nothing is kept; the
// right one connects; the submitted sessions are sent and the service stores them; the access log
// shows the reviewer who opened one; a session deleted here shows as waiting, and sending the
// erasures erases it on the service (its state and its sealed content, read from PostgreSQL).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost } from '../../src/host/http-host.ts';
import { chromiumMissingReason, launchChromium, screenshot } from '../helpers/browser.ts';
import { postgresMissing } from '../helpers/postgres.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { type Person, startTeamService, type TeamService } from '../server/team-service.ts';

const KEPT = '2c3d4e5f-4444-4a4a-8b8b-000000000001';
const DELETED = '2c3d4e5f-4444-4a4a-8b8b-000000000002';
const missing = chromiumMissingReason() ?? postgresMissing();
if (missing) console.warn(`Skipping the team-service card test: ${missing}.`);

describe.skipIf(missing !== null)("a contributor's team service in My data", () => {
  let team: TeamService;
  let alice: Person;
  let host: HttpHost;
  let browser: Browser;
  let page: Page;
  const tokens: Record<string, string> = {};
  const card = () => page.getByRole('region', { name: 'Team service' });
  const openMyData = async () => {
    await page.goto(host.url);
    await page.getByRole('navigation', { name: 'Cairn' }).getByRole('button', { name: 'My data' }).click();
    await card().waitFor();
  };

  beforeAll(async () => {
    team = await startTeamService();
    for (const [name, role] of [['alice', 'contributor'], ['bob', 'reviewer']] as const) tokens[name] = await team.addUser(name, role);
    alice = await team.person('alice');
    await seedReviewSession(alice.dataDir, { id: KEPT, state: 'submitted', frames: 1, task: 'Rename the quarterly report' });
    await seedReviewSession(alice.dataDir, { id: DELETED, state: 'submitted', frames: 1 });
    host = await startHttpHost({ dataDir: alice.dataDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await team?.close();
  });

  it('refuses a wrong token in the service\'s words and keeps nothing, then connects with the right one', async () => {
    await openMyData();
    await card().getByText('Not connected.').waitFor();
    await card().getByText('2 submitted sessions could be sent.').waitFor();
    await card().getByLabel('Service URL').fill(team.server.url);
    await card().getByLabel('Your token').fill('not-a-token-of-this-service');
    await card().getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('alert').getByText(/token/i).first().waitFor();
    expect(existsSync(join(alice.dataDir, 'remote.json'))).toBe(false);

    await card().getByLabel('Your token').fill(tokens.alice!);
    await card().getByRole('button', { name: 'Connect' }).click();
    await card().getByText(`Connected to ${new URL(team.server.url).origin}/ as alice (contributor).`, { exact: true }).waitFor();
    // The token is kept in the data folder, never shown again.
    expect(await card().getByLabel('Your token').count()).toBe(0);
    expect(await page.content()).not.toContain(tokens.alice);
  });

  it('sends the submitted sessions, which the service verifies and stores', async () => {
    await card().getByRole('button', { name: 'Send 2 submitted sessions to the team service' }).click();
    await card().getByText('Sent 2 sessions to the team service; it verified and stored them.').waitFor();
    const stored = await team.sql<{ id: string; state: string }>('SELECT id, state FROM sessions ORDER BY id');
    expect(stored).toEqual([
      { id: KEPT, state: 'submitted' },
      { id: DELETED, state: 'submitted' },
    ]);
    const rows = await card().getByRole('table', { name: 'Sent to the team service' }).locator('tbody tr').allInnerTexts();
    expect(rows.some((r) => r.startsWith('Rename the quarterly report') && r.includes('held there'))).toBe(true);
  });

  it("shows who on the service opened a session: the reviewer's view, named", async () => {
    expect((await team.api(tokens.bob!, `/api/v1/sessions/${KEPT}`)).status).toBe(200);
    await card().getByRole('button', { name: 'Access log' }).first().click();
    const log = card().getByRole('list', { name: 'Access log of Rename the quarterly report' });
    await log.getByText(/bob \(reviewer\) read its text, titles and findings/).waitFor();
    expect(await log.innerText()).toMatch(/alice \(contributor\) sent it to the service/);
    await screenshot(page, 'team-service-card', { fullPage: true });
  });

  it('says a session deleted here is still on the service, and sending the erasures erases it there', async () => {
    const deleted = await fetch(new URL('/api/sessions.delete', host.url.split('#')[0]), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ id: DELETED }),
    });
    expect(deleted.status).toBe(200);
    await openMyData();
    await card().getByTestId('erasures-waiting').getByText('1 session you erased here is still on the team service until you send your erasures.').waitFor();
    await card().getByRole('button', { name: 'Send erasures and take the organisation policy' }).click();
    await card().getByText('Erased 1 session on the team service.').waitFor();
    expect(await card().getByTestId('erasures-waiting').count()).toBe(0);
    expect(await team.sql('SELECT state FROM sessions WHERE id = $1', [DELETED])).toEqual([{ state: 'erased' }]);
    expect(await team.sql('SELECT count(*)::int AS n FROM session_content WHERE session_id = $1', [DELETED])).toEqual([{ n: 0 }]);
    const rows = await card().getByRole('table', { name: 'Sent to the team service' }).locator('tbody tr').allInnerTexts();
    expect(rows.filter((r) => r.includes('erased there'))).toHaveLength(1);
    await screenshot(page, 'team-service-card-erased', { fullPage: true });
  });
});
