// Per-site consent in Debian's Firefox ESR under Xvfb: Cairn's extension loaded as a temporary add-on
// (WebDriver BiDi's webExtension.install, as about:debugging does for a person), its native host
// installed in the profile's home (`cairn browser install --browser firefox`), Firefox allowed for one
// local site only (`cairn apps allow firefox-esr --site ORIGIN`) and recorded by the real `cairn
// record` while xdotool types. What is typed on the allowed sites is kept (a page without a <title>,
// whose X window Firefox titles "Mozilla Firefox" alone, included); in the other site's tab and in a
// private window (Ctrl+Shift+P) nothing reaches disk. Then Firefox restarts, and a temporary
// add-on does not survive that: the same profile without the extension is not recorded at all. Every
// byte of the data folder is searched for the typed text, the other sites' titles and origins, and
// every frame for their colours.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsentText } from '../../src/consent/consent-text.ts';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { waitForTitle } from '../helpers/desktop-apps.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type FirefoxApp, type FirefoxProfile, firefoxMissingReason, launchFirefoxApp, makeFirefoxProfile } from '../helpers/firefox-app.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { countPixels, storedFrames } from '../helpers/stored-frames.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? firefoxMissingReason();
if (missing) console.warn(`firefox-site-consent tests skipped: ${missing}`);

const COLOURS = { allowed: [0x20, 0x40, 0xa0], other: [0xc0, 0x20, 0x20], secret: [0xa0, 0xa0, 0x20] } as const;
const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const KEPT = ['alpha11kept', 'juliet00untitled', 'charlie33kept', 'foxtrot66kept'];
const DROPPED = ['bravo22other', 'india99other', 'delta44private', 'hotel88noaddon'];

interface Show {
  typedText: { text: string }[];
  dropped: Record<string, number>;
  windows: { app: string; title: string | null }[];
}

describe.skipIf(missing !== null)('Firefox ESR allowed for named sites, with the extension as a temporary add-on and after a restart without it', () => {
  let x: XvfbDisplay;
  let profile: FirefoxProfile;
  let app: FirefoxApp | undefined;
  let allowed: LocalSite;
  let other: LocalSite;
  let secret: LocalSite;
  let untitled: LocalSite;
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cairn-ff-sites-'));
    dataDir = join(root, 'data');
    [allowed, untitled, other, secret] = await Promise.all([
      serveSite('Allowed site', hex(COLOURS.allowed)),
      serveSite(null, hex(COLOURS.allowed)),
      serveSite('Otherplace Ledger', hex(COLOURS.other)),
      serveSite('Quarterly Figures', hex(COLOURS.secret)),
    ]);
    x = await startXvfb({ width: 1280, height: 800 });
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    const accepted = await runCairn(['consent', 'accept', '--sha256', loadConsentText().sha256], env);
    if (accepted.code !== 0) throw new Error(`cairn consent accept failed: ${accepted.stderr}`);
    profile = await makeFirefoxProfile(x.env, { dataDir });
  }, 30_000);

  afterAll(async () => {
    await app?.quit();
    profile?.remove();
    await x?.stop();
    await Promise.all([allowed, untitled, other, secret].map((s) => s?.close()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const type = (text: string) => xdotool(x.env, 'type', '--delay', '20', text);
  async function show(sessionId: string): Promise<Show> {
    return JSON.parse((await runCairn(['show', sessionId, '--json'], env)).stdout) as Show;
  }

  it('keeps what is typed on the allowed sites, and leaves nothing of another tab, a private window or Firefox without the add-on on disk', async () => {
    app = await launchFirefoxApp(profile, { urls: [allowed.url('/inbox'), other.url('/ledger'), untitled.url('/draft?token=n0tes')] });
    const [main] = await app.waitForWindows(1);
    await waitForTitle(x.env, main!, (t) => t.startsWith('Allowed site'));
    // The app name X reports for Firefox ESR is a browser in the default policy: it can be allowed by site.
    const cls = /"([^"]+)"\s*$/.exec(execFileSync('xprop', ['-id', main!, 'WM_CLASS'], { env: x.env, encoding: 'utf8' }))?.[1];
    const policy = JSON.parse(readFileSync('consent/policy.json', 'utf8')) as { browsers: string[] };
    expect(policy.browsers).toContain(cls);
    const allow = await runCairn(['apps', 'allow', cls!, '--site', allowed.origin, '--site', untitled.origin, '--screens', 'on'], env);
    expect(allow.code, allow.stderr).toBe(0);

    const rec = await startRecording(['--frame-period', '1'], env);
    // The extension's host connects to the recording's socket and reports within a second.
    await sleep(1500);
    expect(app.nativeHostPids().length, 'native hosts started by Firefox').toBeGreaterThan(0);
    await xdotool(x.env, 'windowactivate', '--sync', main!);
    await sleep(300);
    await type(KEPT[0]!);
    await sleep(1200);

    // Another site, in the next tab (switched by keyboard: Firefox's Ctrl+1..9 are Alt+1..9 on Linux),
    // typed straight after the switch and once the extension has reported it.
    await app.key(main!, 'ctrl+Next');
    await type(DROPPED[0]!);
    await waitForTitle(x.env, main!, (t) => t.startsWith('Otherplace Ledger'));
    await sleep(600);
    await type(DROPPED[1]!);
    await sleep(1000);

    // An allowed page without a <title>: Firefox titles its X window "Mozilla Firefox" alone.
    await app.key(main!, 'ctrl+Next');
    await waitForTitle(x.env, main!, (t) => t === 'Mozilla Firefox');
    await sleep(800);
    await type(KEPT[1]!);
    await sleep(1000);
    await app.key(main!, 'alt+1');
    await waitForTitle(x.env, main!, (t) => t.startsWith('Allowed site'));
    await sleep(800);
    await type(KEPT[2]!);
    await sleep(1200);

    // A private window: the temporary add-on is not allowed in private windows, so it does not report
    // it, and Firefox titles it "… — Mozilla Firefox Private Browsing" even once its page has loaded.
    const priv = await app.openPrivate(secret.url('/q3-figures'));
    const privateTitle = await waitForTitle(x.env, priv, (t) => t.startsWith('Quarterly Figures'));
    expect(privateTitle).toMatch(/Private Browsing$/);
    await xdotool(x.env, 'windowactivate', '--sync', priv);
    await sleep(300);
    await type(DROPPED[2]!);
    await sleep(1200);
    await xdotool(x.env, 'windowactivate', '--sync', main!);
    await sleep(1200);
    await type(KEPT[3]!);
    await sleep(1000);
    const first = await rec.stop('SIGINT');
    expect(first.code, first.stderr).toBe(0);

    // Firefox restarts in the same profile: the temporary add-on is gone, and so is every record of it.
    await app.quit();
    app = await launchFirefoxApp(profile, { urls: [allowed.url('/inbox')], withoutExtension: true });
    const [again] = await app.waitForWindows(1);
    await waitForTitle(x.env, again!, (t) => t.startsWith('Allowed site'));
    const rec2 = await startRecording(['--frame-period', '1'], env);
    await sleep(1000);
    await xdotool(x.env, 'windowactivate', '--sync', again!);
    await sleep(300);
    await type(DROPPED[3]!);
    await sleep(1000);
    const second = await rec2.stop('SIGINT');
    expect(second.code, second.stderr).toBe(0);
    expect(app.nativeHostPids(), 'native hosts without the add-on').toEqual([]);

    const withAddon = await show(rec.sessionId);
    const typed = withAddon.typedText.map((r) => r.text).join('|');
    for (const kept of KEPT) expect(typed).toContain(kept);
    for (const dropped of DROPPED) expect(typed).not.toContain(dropped);
    expect(withAddon.dropped['site-denied'], JSON.stringify(withAddon.dropped)).toBeGreaterThan(0);
    expect(withAddon.dropped['private-window'], JSON.stringify(withAddon.dropped)).toBeGreaterThan(0);
    for (const w of withAddon.windows) expect(w.title ?? '', JSON.stringify(w)).toMatch(/^Allowed site|^Mozilla Firefox$/);
    const withoutAddon = await show(rec2.sessionId);
    expect(withoutAddon.typedText.map((r) => r.text).join('')).toBe('');
    expect(withoutAddon.dropped['site-unknown'], JSON.stringify(withoutAddon.dropped)).toBeGreaterThan(0);
    expect(withoutAddon.windows).toEqual([]);

    // Every byte of the data folder: no dropped marker, no other site's title, origin or path.
    const needles = [...DROPPED, 'Otherplace Ledger', 'Quarterly Figures', other.origin, secret.origin, new URL(other.origin).host, new URL(secret.origin).host, '/ledger', '/q3-figures', '/draft', 'n0tes'];
    for (const needle of needles) expect(filesContaining(dataDir, needle), needle).toEqual([]);
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const keycodes = (sessionId: string) => (db.prepare("SELECT keycode FROM events WHERE session_id = ? AND kind = 'key-down' ORDER BY seq").pluck().all(sessionId) as number[]).join(',');
    const [keys1, keys2] = [keycodes(rec.sessionId), keycodes(rec2.sessionId)];
    db.close();
    expect(keys1).toContain(keycodesOf(KEPT[0]!).join(','));
    for (const marker of DROPPED) expect(`${keys1}|${keys2}`, marker).not.toContain(keycodesOf(marker.slice(0, 6)).join(','));
    expect(keys2, 'key events of Firefox without the add-on').toBe('');
    expect(await storedFrames(dataDir, rec2.sessionId), 'frames of Firefox without the add-on').toEqual([]);

    // Every frame: the allowed sites' colour, never a pixel of the other site's or the private page's.
    const frames = await storedFrames(dataDir, rec.sessionId);
    expect(frames.length).toBeGreaterThan(0);
    const near = (c: readonly number[]) => (r: number, g: number, b: number) => Math.abs(r - c[0]!) <= 12 && Math.abs(g - c[1]!) <= 12 && Math.abs(b - c[2]!) <= 12;
    const pixels = (c: readonly number[]) => frames.reduce((n, frame) => n + countPixels(frame, near(c)), 0);
    expect(pixels(COLOURS.other), 'pixels of the other site').toBe(0);
    expect(pixels(COLOURS.secret), 'pixels of the private page').toBe(0);
    expect(pixels(COLOURS.allowed)).toBeGreaterThan(1000);
  }, 120_000);
});
