// The renderer's own behaviour in real Chromium, against a fake core that speaks the contract over
// HTTP (the end-to-end test against `cairn serve` under Xvfb drives the real one). One page walks
// the screens in order; every screen is saved to test-output/screens/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, jsHeapUsed, launchChromium, screenshot } from '../helpers/browser.ts';
import { createFakeCairn, FAKE_COPY_ELSEWHERE } from './fake-cairn.ts';

const missing = chromiumMissingReason();
if (missing) console.log(`renderer smoke test skipped: ${missing}`);

describe.skipIf(missing !== null)('the renderer in Chromium', () => {
  const fake = createFakeCairn({ sessions: 1000 });
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const badResponses: string[] = [];
  // Navigation buttons may carry a badge ("needed", "recording"), so match the start of their name.
  const nav = (name: string) => page.getByRole('navigation').getByRole('listitem').getByRole('button', { name: new RegExp(`^${name}`) });
  const recordButton = () => page.getByRole('main').getByRole('button', { name: 'Record', exact: true });

  beforeAll(async () => {
    const url = await fake.start('dist/renderer');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.setDefaultTimeout(5_000);
    // Failed responses are listed separately (the error test provokes one on purpose).
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && badResponses.push(`${r.status()} ${new URL(r.url()).pathname}`));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${url}#token=${fake.token}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await fake.stop();
  });

  it('takes the token from the address and removes it from the address bar', async () => {
    await expect.poll(() => fake.callsOf('consent.get').length).toBeGreaterThan(0);
    const address = await page.evaluate<string>('location.href');
    expect(address).not.toContain(fake.token);
    expect(address).not.toContain('#');
  });

  it('shows the consent text with nothing pre-ticked and Accept disabled until ticked', async () => {
    await page.getByRole('heading', { name: 'Cairn recording consent' }).waitFor();
    const box = page.getByLabel('I have read this and agree');
    const accept = page.getByRole('button', { name: 'Accept' });
    expect(await page.locator('input[type=checkbox]:checked').count()).toBe(0);
    expect(await box.isChecked()).toBe(false);
    expect(await accept.isDisabled()).toBe(true);
    await screenshot(page, 'onboarding');
    await box.check();
    expect(await accept.isEnabled()).toBe(true);
    await box.uncheck();
    expect(await accept.isDisabled()).toBe(true);
    expect(fake.callsOf('consent.accept')).toEqual([]);
  });

  it('"Not now" keeps Cairn usable for review and the recorder says why it cannot record', async () => {
    await page.getByRole('button', { name: 'Not now' }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    await nav('Record').click();
    await page.getByText('Cairn cannot record until you accept the current consent text.').waitFor();
    expect(await recordButton().count()).toBe(0);
    await screenshot(page, 'record-no-consent');
  });

  it('accepts with the text\'s sha256 once ticked', async () => {
    await nav('Consent').click();
    await page.getByLabel('I have read this and agree').check();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('heading', { name: 'Apps', level: 1 }).waitFor();
    expect(fake.callsOf('consent.accept')).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(fake.state.accepted?.current).toBe(true);
  });

  it('allows an ordinary app at once, with its options', async () => {
    await page.getByLabel('Keys for XTerm').selectOption('timing');
    await page.getByRole('button', { name: 'Allow XTerm' }).click();
    await page.getByRole('button', { name: 'Deny XTerm' }).waitFor();
    expect(fake.callsOf('apps.set')).toEqual([{ app: 'XTerm', allowed: true, keys: 'timing', screens: 'on', titles: 'keep' }]);
  });

  it('allows a browser on every site saying so plainly, refuses a site that is not an origin in one sentence, and records named sites only', async () => {
    await page.getByRole('button', { name: 'Allow firefox' }).click();
    await page.getByRole('button', { name: 'Deny firefox' }).waitFor();
    expect(fake.callsOf('apps.set').at(-1)).toEqual({ app: 'firefox', allowed: true, keys: 'full', screens: 'on', titles: 'keep' });
    await page.getByText('Every site is recorded').waitFor();

    const sites = page.getByLabel('Sites for firefox');
    await sites.fill('https://mail.example.com/inbox');
    await page.getByRole('alert').filter({ hasText: 'is not an origin' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save options for firefox' }).isDisabled()).toBe(true);
    await sites.fill('Mail.Example.com, 127.0.0.1:8001');
    await page.getByRole('button', { name: 'Save options for firefox' }).click();
    await page.getByText("Only these sites are recorded, while Cairn's browser extension reports.").waitFor();
    await expect.poll(() => sites.inputValue()).toBe('127.0.0.1:8001 mail.example.com');
    expect(fake.callsOf('apps.set').at(-1)).toEqual({ app: 'firefox', allowed: true, keys: 'full', screens: 'on', titles: 'keep', sites: ['127.0.0.1:8001', 'mail.example.com'] });
    await screenshot(page, 'apps-browser-sites');
    expect(await page.getByLabel('Sites for XTerm').count()).toBe(0);
  });

  it('asks twice before allowing a sensitive app, the second time naming it, and a cancel allows nothing', async () => {
    await expect.poll(() => page.getByText('Sensitive: a password manager').count()).toBe(1);
    const before = fake.callsOf('apps.set').length;
    await screenshot(page, 'apps');
    await page.getByRole('button', { name: 'Allow KeePassXC' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'KeePassXC is a sensitive app' }).waitFor();
    await screenshot(page, 'apps-sensitive-1');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByRole('heading', { name: 'Really allow KeePassXC?' }).waitFor();
    await screenshot(page, 'apps-sensitive-2');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(fake.callsOf('apps.set')).toHaveLength(before);

    await page.getByRole('button', { name: 'Allow KeePassXC' }).click();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    expect(fake.callsOf('apps.set')).toHaveLength(before);
    await dialog.getByRole('button', { name: 'Allow KeePassXC' }).click();
    await page.getByRole('button', { name: 'Deny KeePassXC' }).waitFor();
    expect(fake.callsOf('apps.set').at(-1)).toMatchObject({ app: 'KeePassXC', allowed: true, confirmSensitive: 2 });
  });

  it('adds an app by its identity before it has run, denied', async () => {
    await page.getByLabel('App identity').fill('org.gnome.TextEditor');
    await page.getByRole('button', { name: 'Add app' }).click();
    await page.getByRole('button', { name: 'Allow org.gnome.TextEditor' }).waitFor();
    expect(fake.callsOf('apps.set').at(-1)).toMatchObject({ app: 'org.gnome.TextEditor', allowed: false });
  });

  it('records with the task typed in the Record screen, shows live counts from pushed events and an indicator, pauses and stops', async () => {
    await nav('Record').click();
    await page.getByLabel(/^Task/).fill('Rename the report to Q3 draft');
    await recordButton().click();
    // Exactly "Recording": `hasText` matches any part, case aside, so "Not recording" would pass
    // before the start has reached the core, and the counts below would carry its idle state.
    await page.getByRole('status').filter({ hasText: /^Recording$/ }).waitFor();
    expect(fake.state.recorder.state).toBe('recording');
    // The recorder pushes its counts every second; a push that lands before the screen has
    // subscribed (a loaded machine) is followed by the next one, as here.
    const counts = { ...fake.state.recorder, elapsedMs: 83_000, kept: 1311, stored: 1311, dropped: { 'app-denied': 40, 'focus-transition': 2 }, frames: 14, bytes: 1_900_000, storageUsed: 1.62 * 1024 ** 3, warnings: ['The disk has 3.1 GB free; recording stops below 1 GB.'] };
    for (let push = 1; ; push++) {
      fake.push(counts);
      const shown = await page.getByText('1,311').waitFor({ timeout: 1000 }).then(() => true, () => false);
      if (shown) break;
      if (push === 5) throw new Error('the Record screen did not show the pushed count 1,311 after 5 pushes a second apart');
    }
    // The indicator comes with the same status as the counts; waited for rather than sampled, and
    // on failure the screen is saved.
    const indicator = page.getByRole('navigation').getByRole('button', { name: 'Recording', exact: true });
    const indicated = await indicator.waitFor().then(() => true, () => false);
    if (!indicated) await screenshot(page, 'record-no-indicator');
    expect(indicated, `the recording indicator in the navigation; the Record screen says "${await page.getByRole('status').first().textContent()}"`).toBe(true);
    expect(await page.getByText('A denied app had focus').isVisible()).toBe(true);
    await screenshot(page, 'record-recording');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await recordButton().waitFor();
    expect(fake.calls.map(([m]) => m).filter((m) => /recorder\.(start|pause|resume|stop)/.test(m))).toEqual(['recorder.start', 'recorder.pause', 'recorder.stop']);    expect(fake.callsOf('recorder.start')).toEqual([{ task: 'Rename the report to Q3 draft' }]);
  });

  it('says why capture cannot work instead of offering Record', async () => {
    fake.state.capability = { ok: false, problem: 'No X display: Cairn records X11 sessions; Wayland is not supported yet. Log in with an X11 session.' };
    await nav('Sessions').click();
    await nav('Record').click();
    await page.getByText('Wayland is not supported yet').waitFor();
    expect(await recordButton().count()).toBe(0);
    await screenshot(page, 'record-no-capture');
    fake.state.capability = { ok: true, problem: null };
  });

  it('lists 1,000 sessions with only a window of rows in the DOM', async () => {
    await nav('Sessions').click();
    await page.getByText('1,000 sessions, newest first.').waitFor();
    const rows = page.getByTestId('session-scroller').getByRole('row');
    const inDom = await rows.count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(60);
    await screenshot(page, 'sessions');
    await page.getByTestId('session-scroller').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('[aria-rowindex="1001"]').waitFor();
    expect(await rows.count()).toBeLessThan(60);
    const heap = await jsHeapUsed(page);
    console.log(`renderer JS heap with 1,000 sessions listed: ${(heap / 1024 ** 2).toFixed(1)} MB`);
    expect(heap).toBeLessThan(100 * 1024 ** 2);
    await page.getByTestId('session-scroller').evaluate((el) => (el.scrollTop = 0));
  });

  it('opens a session with its frames, thumbnails, arrow-key navigation and typed text', async () => {
    await page.getByTestId('session-scroller').getByRole('button').first().click();
    await page.getByRole('img', { name: /^Frame 1: XTerm/ }).waitFor();
    expect(await page.getByText('echo hello cairn').isVisible()).toBe(true);
    expect(await page.getByText('consent-first recording').isVisible()).toBe(true);
    await page.getByRole('group', { name: /Frame 1 of 12/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.getByRole('img', { name: /^Frame 2: XTerm/ }).waitFor();
    await page.keyboard.press('End');
    await page.getByRole('img', { name: /^Frame 12: firefox/ }).waitFor();
    await page.getByRole('button', { name: 'Show frame 3' }).click();
    await page.getByRole('img', { name: /^Frame 3:/ }).waitFor();
    const thumbsLoaded = await page.locator('.thumbs img').count();
    expect(thumbsLoaded).toBeGreaterThan(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'session');
    await page.getByRole('heading', { name: 'What was typed' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'session-typed');
    await page.evaluate('window.scrollTo(0, 0)');
  });

  it('plays a session\'s steps, naming the element a click acted on and a redacted run only as a count', async () => {
    const caption = page.getByTestId('scrub-caption');
    await expect.poll(() => caption.textContent()).toMatch(/^Step 1 of 2 · Click at \(640, 400\) on push button “Save”/);
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => caption.textContent()).toMatch(/Type “ls \[4 keys redacted\]”/);
    expect(await page.getByTestId('step-overlay').locator('.step-redacted').textContent()).toBe(' [4 keys redacted] ');
    await page.getByRole('button', { name: 'Previous step' }).click();
    await page.getByTestId('scrub-stage').scrollIntoViewIfNeeded();
    await screenshot(page, 'session-step-element');
  });

  it('deletes a session only after a confirmation', async () => {
    const before = fake.state.sessions.length;
    await page.getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(fake.state.sessions.length).toBe(before);
    await page.getByRole('button', { name: 'Delete session' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete session' }).click();
    await page.getByText('999 sessions, newest first.').waitFor();
    expect(fake.callsOf('sessions.delete')).toHaveLength(1);
  });

  it('previews the chosen format with the element a step acted on, where the export carries one', async () => {
    await nav('Export').click();
    const element = page.getByTestId('preview-element');
    await element.waitFor();
    expect(await element.textContent()).toMatch(/^Element: push button “Save” · states: \["focused"\] · bounds: /);
    await element.scrollIntoViewIfNeeded();
    await screenshot(page, 'export-preview-element');
    expect(fake.callsOf('export.preview')[0]).toMatchObject({ format: 'cairn', steps: 5 });
    await page.getByLabel(/OSWorld computer_13/).check();
    await expect.poll(() => fake.callsOf('export.preview').at(-1)).toMatchObject({ format: 'computer13' });
  });

  it('shows an API error with its own sentence until dismissed', async () => {
    await nav('My data').click();
    await page.getByRole('heading', { name: 'What is stored' }).waitFor();
    await page.getByLabel('Minutes to forget').fill('20000');
    await page.getByRole('button', { name: 'Forget', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Forget' }).click();
    const alert = page.getByText('Forgetting more than a week at once is not possible here; delete sessions instead.');
    await alert.waitFor();
    await screenshot(page, 'error');
    await page.getByRole('button', { name: /^Dismiss/ }).click();
    expect(await alert.count()).toBe(0);
  });

  it('saves retention and storage settings', async () => {
    await page.getByLabel('Keep until I delete them').check();
    await page.getByLabel('Storage budget (MB)').fill('4096');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.').waitFor();
    expect(fake.callsOf('settings.set').at(-1)).toEqual({ retentionDays: null, storageBudgetBytes: 4096 * 1024 ** 2, minFreeDiskBytes: 1024 ** 3 });
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'my-data');
    await page.getByRole('heading', { name: 'Retention and storage' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'my-data-settings');
  });

  it('withdraws consent with one button and one confirmation', async () => {
    await page.getByRole('button', { name: 'Withdraw consent' }).click();
    await screenshot(page, 'withdraw-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Withdraw and erase' }).click();
    await page.getByText(/^Consent withdrawn\./).waitFor();
    expect(fake.callsOf('consent.withdraw')).toEqual([{}]);
    // The copies out of Cairn's reach are named for the person to delete.
    const notice = page.getByRole('alert').filter({ hasText: FAKE_COPY_ELSEWHERE.path });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/could not erase them.*a backup of 2 sessions/);
    await screenshot(page, 'withdraw-copies-elsewhere');
    await nav('Consent').click();
    expect(await page.getByRole('button', { name: 'Accept' }).isDisabled()).toBe(true);
  });

  it('asks again when the consent text changed since it was accepted', async () => {
    fake.state.accepted = { version: '0', sha256: '0'.repeat(64), acceptedAt: Date.now() - 86_400_000, current: false };
    await nav('Apps').click();
    await nav('Consent').click();
    await page.getByText('The consent text has changed since you accepted it.').waitFor();
    expect(await page.getByLabel('I have read this and agree').isChecked()).toBe(false);
  });

  it('ran without console errors or CSP violations, and no request failed but the provoked one', () => {
    expect(consoleErrors).toEqual([]);
    expect(badResponses).toEqual(['403 /api/data.forget']);
  });
});
