// The Apps screen under an organisation's policy (works-council mode), in Debian's Chromium against
// the real `cairn serve` on a data folder that took a policy in with `cairn org install`: an app
// the policy does not list, whether the person had allowed it or not, says in words which policy
// denies it (organisation, issue date, the admin's and the council's key, since when) and offers
// no Allow; an app it lists stays as the person chose.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { chromiumMissingReason, launchChromium, screenshot } from '../helpers/browser.ts';
import { type CairnServe, startCairnServe } from '../helpers/cairn-serve.ts';
import { runCairn } from '../helpers/cli.ts';

const missing = chromiumMissingReason();
if (missing) console.warn(`Skipping the Apps screen's organisation policy test: ${missing}.`);

describe.skipIf(missing !== null)("the Apps screen under an organisation's policy", () => {
  const root = mkdtempSync(join(tmpdir(), 'cairn-apps-org-'));
  const dataDir = join(root, 'data');
  const env = { ...process.env, DISPLAY: '', CAIRN_DATA_DIR: dataDir };
  const fingerprints: Record<string, string> = {};
  let host: CairnServe;
  let browser: Browser;
  let page: Page;

  const ok = async (args: string[]) => {
    const r = await runCairn(args, env);
    if (r.code !== 0) throw new Error(`cairn ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    await ok(['consent', 'accept', '--sha256', loadConsentText().sha256]);
    // Chosen before the policy came: code allowed (the policy does not list it), gedit added denied.
    await ok(['apps', 'allow', 'code']);
    await ok(['apps', 'allow', 'XTerm']);
    await ok(['apps', 'deny', 'gedit']);
    const file = join(root, 'policy.json');
    const policy = JSON.parse(readFileSync('fixtures/org-policy/policy.json', 'utf8')) as { policy: Record<string, unknown> };
    policy.policy.consent = { version: loadConsentText().version, sha256: loadConsentText().sha256 };
    writeFileSync(file, JSON.stringify(policy));
    for (const role of ['admin', 'council']) {
      fingerprints[role] = /fingerprint ([0-9a-f]{16})/.exec(await ok(['org', 'keygen', '--out', join(root, `${role}.key`)]))![1]!;
      await ok(['org', 'sign', file, '--key', join(root, `${role}.key`), '--role', role]);
    }
    await ok(['org', 'install', file, '--admin-key', join(root, 'admin.key.pub'), '--council-key', join(root, 'council.key.pub')]);
    host = await startCairnServe(env);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(host.url);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('says which signed policy denies an app, whether or not the person had allowed it, and offers no Allow for it', async () => {
    await page.getByRole('navigation', { name: 'Cairn' }).getByRole('button', { name: 'Apps' }).first().click();
    const row = (app: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${app}\\b`) }) });
    await row('code').waitFor();
    for (const app of ['code', 'gedit']) {
      const text = await row(app).innerText();
      expect(text).toContain('Denied by policy');
      expect(text).toMatch(
        new RegExp(
          `Your organisation's policy \\(Example Lab, issued [^)]*2026\\), signed by its admin \\(key ${fingerprints.admin}\\) and its works council \\(key ${fingerprints.council}\\) and in force here since [^,]+, \\d{4}, does not allow ${app} to be recorded\\.`,
        ),
      );
      expect(await page.getByRole('button', { name: `Allow ${app}` }).count()).toBe(0);
    }
    // An app the policy lists keeps the person's choice, with no sentence.
    expect(await row('XTerm').innerText()).not.toContain('policy');
    expect(await page.getByRole('button', { name: 'Deny XTerm' }).count()).toBe(1);
    await screenshot(page, 'apps-org-denied', { fullPage: true });
  }, 60_000);
});
