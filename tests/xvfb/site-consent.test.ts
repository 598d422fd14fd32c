// Per-site consent with the real browser: Debian's Chromium under Xvfb, Cairn's extension loaded and
// its native host installed in the profile, allowed for one local site only (`cairn apps allow
// Chromium --site ORIGIN`), recorded by the real `cairn record` while xdotool types. What is typed on
// the allowed site is kept; in the other site's tab, in a private window whose page has loaded (its
// title no longer says so) and while the extension is silent (its native host killed), nothing
// reaches disk: every byte of the data folder is searched for the typed text, the other sites'
// titles and origins, and every frame for their colours.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../helpers/browser.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason();
if (missing) console.warn(`site-consent tests skipped: ${missing}`);

const COLOURS = { allowed: [0x20, 0x40, 0xa0], other: [0xc0, 0x20, 0x20], secret: [0xa0, 0xa0, 0x20] } as const;
const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

describe.skipIf(missing !== null)('a browser allowed for one site, in real Chromium', () => {
  let x: XvfbDisplay;
  let app: ChromiumApp;
  let allowed: LocalSite;
  let other: LocalSite;
  let secret: LocalSite;
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cairn-sites-'));
    dataDir = join(root, 'data');
    [allowed, other, secret] = await Promise.all([
      serveSite('Allowed site', hex(COLOURS.allowed)),
      serveSite('Otherplace Ledger', hex(COLOURS.other)),
      serveSite('Quarterly Figures', hex(COLOURS.secret)),
    ]);
    x = await startXvfb({ width: 1280, height: 800 });
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    readyToRecord(dataDir, [{ app: 'Chromium', sites: [allowed.origin], screens: 'on' }]);
    app = await launchChromiumApp(x.env, { dataDir, urls: [allowed.url('/inbox'), other.url('/ledger')] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await x?.stop();
    await Promise.all([allowed, other, secret].map((s) => s?.close()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const type = (text: string) => xdotool(x.env, 'type', '--delay', '20', text);
  const titleOf = async (id: string) => (await xdotool(x.env, 'getwindowname', id)).trim();
  async function waitForTitle(id: string, test: (title: string) => boolean): Promise<string> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const title = await titleOf(id);
      if (test(title)) return title;
      if (Date.now() > deadline) throw new Error(`window ${id} is titled "${title}" after 10 s`);
      await sleep(100);
    }
  }
  /** The native host this browser started for this data folder (a child of Chromium), by pid. */
  function nativeHostPids(): number[] {
    const wanted = resolve(dataDir);
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          return cmdline.includes('native-host') && cmdline.includes(wanted);
        } catch {
          return false;
        }
      })
      .map(Number);
  }

  it('keeps what is typed on the allowed site and leaves nothing of another tab, a private window or a silent extension on disk', async () => {
    const [main] = await app.waitForWindows(1);
    await waitForTitle(main!, (t) => t.startsWith('Allowed site'));
    const rec = await startRecording(['--frame-period', '1'], env);
    // The extension's host connects to the recording's socket and reports within a second.
    await sleep(2000);
    await xdotool(x.env, 'windowactivate', '--sync', main!);
    await sleep(300);
    await type('alpha11kept');
    await sleep(1200);

    // Another site, in the next tab (switched by keyboard), straight after the switch.
    await app.key(main!, 'ctrl+2');
    await type('bravo22other');
    await sleep(1200);
    await app.key(main!, 'ctrl+1');
    await waitForTitle(main!, (t) => t.startsWith('Allowed site'));
    await sleep(800);
    await type('charlie33kept');
    await sleep(1200);

    // A private window the extension cannot see, once its page has loaded.
    const incognito = await app.openIncognito(secret.url('/q3-figures'));
    const privateTitle = await waitForTitle(incognito, (t) => t.startsWith('Quarterly Figures'));
    expect(privateTitle).not.toMatch(/incognito/i);
    await xdotool(x.env, 'windowactivate', '--sync', incognito);
    await sleep(300);
    await type('delta44private');
    await sleep(1200);
    await xdotool(x.env, 'windowactivate', '--sync', main!);
    await sleep(1200);

    // The extension falls silent: its native host is killed (the extension retries after 5 s).
    const hosts = nativeHostPids();
    expect(hosts.length).toBeGreaterThan(0);
    for (const pid of hosts) process.kill(pid, 'SIGKILL');
    await sleep(200);
    await type('echo55silent');
    await app.key(main!, 'ctrl+2');
    await type('golf77silentother');
    await sleep(1500);
    await app.key(main!, 'ctrl+1');
    await sleep(200);
    // Reports come back with a new host: typing on the allowed site is kept again.
    const deadline = Date.now() + 15_000;
    while (nativeHostPids().length === 0 && Date.now() < deadline) await sleep(200);
    await sleep(2500);
    await type('foxtrot66kept');
    await sleep(1500);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);

    const show = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout);
    const typed = show.typedText.map((r: { text: string }) => r.text).join('|');
    for (const kept of ['alpha11kept', 'charlie33kept', 'foxtrot66kept']) expect(typed).toContain(kept);
    for (const dropped of ['bravo22other', 'delta44private', 'echo55silent', 'golf77silentother']) expect(typed).not.toContain(dropped);
    expect(show.dropped['site-denied']).toBeGreaterThan(0);
    expect(show.dropped['site-unknown']).toBeGreaterThan(0);
    for (const w of show.windows as { app: string; title: string | null }[]) expect(w.title ?? '', JSON.stringify(w)).toMatch(/^Allowed site/);

    // Every byte of the data folder: no typed marker, no other site's title, origin or path.
    const needles = ['bravo22other', 'delta44private', 'echo55silent', 'golf77silentother', 'Otherplace Ledger', 'Quarterly Figures', other.origin, secret.origin, new URL(other.origin).host, new URL(secret.origin).host, '/ledger', '/q3-figures'];
    for (const needle of needles) expect(filesContaining(dataDir, needle), needle).toEqual([]);
    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const keycodes = (db.prepare("SELECT keycode FROM events WHERE kind = 'key-down' ORDER BY seq").pluck().all() as number[]).join(',');
    const frames = db.prepare('SELECT bytes FROM frames').pluck().all() as Buffer[];
    db.close();
    expect(keycodes).toContain(keycodesOf('alpha11kept').join(','));
    for (const marker of ['bravo22other', 'delta44private', 'echo55silent', 'golf77silentother']) {
      expect(keycodes, marker).not.toContain(keycodesOf(marker.slice(0, 6)).join(','));
    }
    // Every frame: the allowed site's colour, never a pixel of the other site's or the private page's.
    expect(frames.length).toBeGreaterThan(0);
    const pixels = { allowed: 0, other: 0, secret: 0 };
    for (const bytes of frames) {
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i += info.channels) {
        for (const name of ['allowed', 'other', 'secret'] as const) {
          const c = COLOURS[name];
          if (Math.abs(data[i]! - c[0]) <= 12 && Math.abs(data[i + 1]! - c[1]) <= 12 && Math.abs(data[i + 2]! - c[2]) <= 12) pixels[name]++;
        }
      }
    }
    expect(pixels.other, 'pixels of the other site').toBe(0);
    expect(pixels.secret, 'pixels of the private page').toBe(0);
    expect(pixels.allowed).toBeGreaterThan(1000);
  }, 90_000);
});
