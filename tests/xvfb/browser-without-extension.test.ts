// A browser without Cairn's extension fails closed (issue 12, item 1): Debian's Chromium under Xvfb
// with no extension loaded, allowed whole (every site), recorded by the real `cairn record` while
// xdotool types into a normal window and into an incognito window whose page has loaded (titled
// "Quarterly Figures - Chromium", exactly like a normal window). Neither reaches disk — without the
// extension Cairn cannot tell the private one apart, so it records neither — and the recorder says
// why. Every byte of the data folder is searched for the typed text and the pages' titles, and the
// frames for the pages' colours.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../helpers/browser.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { waitForTitle } from '../helpers/desktop-apps.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { sleep } from '../helpers/typing.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason();
if (missing) console.warn(`browser-without-extension tests skipped: ${missing}`);

describe.skipIf(missing !== null)('a browser allowed whole, without Cairn\'s extension, in real Chromium', () => {
  let x: XvfbDisplay;
  let app: ChromiumApp;
  let normal: LocalSite;
  let secret: LocalSite;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cairn-noext-'));
    [normal, secret] = await Promise.all([serveSite('Team Notes', '#2040a0'), serveSite('Quarterly Figures', '#a0a020')]);
    x = await startXvfb({ width: 1280, height: 800 });
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, 'Chromium', 'on');
    app = await launchChromiumApp(x.env, { withoutExtension: true, urls: [normal.url('/notes')] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await x?.stop();
    await Promise.all([normal, secret].map((s) => s?.close()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('records nothing of a normal or a private window, and says that the extension has not reported', async () => {
    const [main] = await app.waitForWindows(1);
    await waitForTitle(x.env, main!, 'Team Notes - Chromium');
    const incognito = await app.openIncognito(secret.url('/q3'));
    await waitForTitle(x.env, incognito, 'Quarterly Figures - Chromium');

    const rec = await startRecording(['--frame-period', '0.5'], env);
    await sleep(2000);
    await xdotool(x.env, 'windowactivate', '--sync', main!);
    await sleep(300);
    await xdotool(x.env, 'type', '--delay', '20', 'alpha11normal');
    await sleep(800);
    await xdotool(x.env, 'windowactivate', '--sync', incognito);
    await sleep(300);
    await xdotool(x.env, 'type', '--delay', '20', 'delta44private');
    await sleep(1500);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Cairn's browser extension has not reported: a browser is not recorded at all until it does");

    const show = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout);
    expect(show.typedText).toEqual([]);
    expect(show.windows).toEqual([]);
    expect(show.dropped['site-unknown']).toBeGreaterThanOrEqual('alpha11normal'.length + 'delta44private'.length);
    for (const needle of ['alpha11normal', 'delta44private', 'Team Notes', 'Quarterly Figures', new URL(secret.origin).host]) {
      expect(filesContaining(dataDir, needle), needle).toEqual([]);
    }
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const counts = db.prepare('SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM frames) AS frames, (SELECT count(*) FROM windows) AS windows').get();
    db.close();
    expect(counts).toEqual({ events: 0, frames: 0, windows: 0 });
  }, 90_000);
});
