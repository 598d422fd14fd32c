// Cairn's own page is never recorded: `cairn serve` notes the origin it serves in the data folder
// while it runs, and a recording of a browser allowed whole (every site) drops the tab that shows
// it (`cairn-window`) while it keeps the next tab's site. Real Chromium with Cairn's extension under
// Xvfb, the real `cairn serve` and `cairn record`; the proof is in the stored rows and bytes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason } from '../helpers/browser.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { CAIRN_BIN, runCairn, startRecording } from '../helpers/cli.ts';
import { readyToRecord } from '../helpers/ready-to-record.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { keycodesOf, sleep } from '../helpers/typing.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason();
if (missing) console.warn(`cairn-page tests skipped: ${missing}`);

describe.skipIf(missing !== null)("Cairn's own page in an allowed browser", () => {
  let x: XvfbDisplay;
  let app: ChromiumApp;
  let site: LocalSite;
  let root: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let serve: ReturnType<typeof spawn>;
  let cairnUrl: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cairn-page-'));
    dataDir = join(root, 'data');
    site = await serveSite('Beta site', '#c02020');
    x = await startXvfb({ width: 1280, height: 800 });
    env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    readyToRecord(dataDir, [{ app: 'Chromium', screens: 'on' }]);
    serve = spawn(process.execPath, [CAIRN_BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    cairnUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      serve.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const url = /Cairn is running at (\S+)/.exec(out)?.[1];
        if (url) resolve(url);
      });
      serve.once('exit', (code) => reject(new Error(`cairn serve exited with ${code}`)));
    });
    app = await launchChromiumApp(x.env, { dataDir, urls: [cairnUrl, site.url('/')] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (serve && serve.exitCode === null) serve.kill('SIGTERM');
    await x?.stop();
    await site?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('notes the origin it serves in the data folder while it runs', () => {
    const note = join(dataDir, 'hosts', `${serve.pid}.json`);
    const origin = new URL(cairnUrl).origin;
    expect(JSON.parse(readFileSync(note, 'utf8')).origins).toContain(origin);
  });

  it('records the allowed browser on another site and nothing of the tab showing Cairn (no event, no frame, no title)', async () => {
    const [main] = await app.waitForWindows(1);
    const deadline = Date.now() + 15_000;
    while (!(await xdotool(x.env, 'getwindowname', main!)).startsWith('Cairn') && Date.now() < deadline) await sleep(100);
    const rec = await startRecording(['--frame-period', '1'], env);
    await sleep(2000);
    await xdotool(x.env, 'windowactivate', '--sync', main!);
    await xdotool(x.env, 'mousemove', '--window', main!, '400', '300');
    await xdotool(x.env, 'click', '1');
    await xdotool(x.env, 'type', '--delay', '20', 'cairnpage77');
    await sleep(2500);
    await app.key(main!, 'ctrl+2');
    await sleep(1000);
    await xdotool(x.env, 'type', '--delay', '20', 'beta88kept');
    await xdotool(x.env, 'click', '1');
    await sleep(2000);
    const result = await rec.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);

    const show = JSON.parse((await runCairn(['show', rec.sessionId, '--json'], env)).stdout);
    const typed = show.typedText.map((r: { text: string }) => r.text).join('|');
    expect(typed).toContain('beta88kept');
    expect(typed).not.toContain('cairnpage77');
    expect(show.dropped['cairn-window']).toBeGreaterThan(0);

    const db = new Database(join(dataDir, 'cairn.db'), { readonly: true });
    const rows = (sql: string) => db.prepare(sql).all() as { title: string | null; n: number }[];
    const windows = rows('SELECT title, 0 AS n FROM windows');
    const frames = rows('SELECT w.title, count(*) AS n FROM frames f JOIN windows w ON w.session_id = f.session_id AND w.seq = f.window_seq GROUP BY w.title');
    const events = rows('SELECT w.title, count(*) AS n FROM events e JOIN windows w ON w.session_id = e.session_id AND w.seq = e.window_seq GROUP BY w.title');
    const keycodes = (db.prepare("SELECT keycode FROM events WHERE kind = 'key-down' ORDER BY seq").pluck().all() as number[]).join(',');
    db.close();
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) expect(w.title).toMatch(/^Beta site/);
    expect(frames.reduce((sum, f) => sum + f.n, 0)).toBeGreaterThan(0);
    expect(frames.filter((f) => !f.title?.startsWith('Beta site'))).toEqual([]);
    expect(events.filter((e) => !e.title?.startsWith('Beta site'))).toEqual([]);
    expect(keycodes).not.toContain(keycodesOf('cairnpage77').join(','));
    expect(keycodes).toContain(keycodesOf('beta88kept').join(','));
    for (const needle of ['Cairn - Chromium', 'cairnpage77', new URL(cairnUrl).host]) {
      expect(filesContaining(join(dataDir), needle).filter((f) => !f.includes(`${join(dataDir, 'hosts')}`)), needle).toEqual([]);
    }
  }, 60_000);

  it('removes its note when it stops', async () => {
    const note = join(dataDir, 'hosts', `${serve.pid}.json`);
    const exited = new Promise((resolve) => serve.once('exit', resolve));
    serve.kill('SIGTERM');
    await exited;
    expect(existsSync(note)).toBe(false);
  });
});
