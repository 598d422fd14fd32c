// The native-messaging host as a browser runs it: `cairn browser install` writes its manifest and
// launcher, the launcher is started with the browser's stdio framing on stdin, and what reaches the
// recording's socket listener is only the checked snapshots, never a path, a query, or a malformed
// message. The listener's socket is its owner's only.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BrowserReportListener } from '../../src/capture/browser/browser-report-listener.ts';
import { browserSocketPath } from '../../src/capture/browser/browser-socket.ts';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../src/capture/browser/extension-identity.ts';
import { encodeNativeMessage } from '../../src/capture/browser/native-messaging.ts';
import type { BrowserReport } from '../../src/core/browser-report.ts';
import { runCairn } from '../helpers/cli.ts';
import { filesUnder } from '../helpers/disk-bytes.ts';

const root = mkdtempSync(join(tmpdir(), 'cairn-host-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const window = { seq: 1, id: 7, left: 0, top: 0, width: 800, height: 600, incognito: false, focused: true, origin: 'https://mail.example', title: 'Inbox' };

function place(name: string) {
  const dir = join(root, name);
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  return { dir, dataDir, profile: join(dir, 'profile'), env: { ...process.env, CAIRN_DATA_DIR: dataDir, HOME: dir } };
}

/** Starts the installed launcher as Chromium does (the caller origin as its argument). */
function startHost(launcher: string) {
  const child = spawn(launcher, [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = Buffer.alloc(0);
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout = Buffer.concat([stdout, d])));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function until(what: string, ready: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('cairn browser install', () => {
  it("writes the host manifest into the profile's NativeMessagingHosts, admitting only Cairn's extension, and a launcher that names the data folder", async () => {
    const p = place('install');
    const r = await runCairn(['browser', 'install', '--user-data-dir', p.profile], p.env);
    expect(r.code, r.stderr).toBe(0);
    const manifestPath = join(p.profile, 'NativeMessagingHosts', 'dev.cairn.browser.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(manifest).toMatchObject({ name: 'dev.cairn.browser', type: 'stdio', allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`] });
    expect(statSync(manifest.path).mode & 0o111).not.toBe(0);
    expect(readFileSync(manifest.path, 'utf8')).toContain(`--data-dir '${p.dataDir}'`);
    expect(r.stdout).toContain(manifestPath);
  });

  it("installs for Firefox in ~/.mozilla/native-messaging-hosts with its gecko id, and refuses a profile folder for it", async () => {
    const p = place('firefox');
    const r = await runCairn(['browser', 'install', '--browser', 'firefox'], p.env);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(p.dir, '.mozilla', 'native-messaging-hosts', 'dev.cairn.browser.json'), 'utf8'));
    expect(manifest.allowed_extensions).toEqual([GECKO_ID]);
    const refused = await runCairn(['browser', 'install', '--browser', 'firefox', '--user-data-dir', p.profile], p.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^cairn: Cannot install for firefox: .*leave --user-data-dir out\.\n$/);
  });

  it('prints the absolute path of the built unpacked extension, with its manifest', async () => {
    const p = place('path');
    const r = await runCairn(['browser', 'extension-path'], p.env);
    expect(r.code).toBe(0);
    const folder = r.stdout.trim();
    expect(folder.startsWith('/')).toBe(true);
    expect(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')).manifest_version).toBe(3);
    const firefox = await runCairn(['browser', 'extension-path', '--browser', 'firefox'], p.env);
    expect(JSON.parse(readFileSync(join(firefox.stdout.trim(), 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id).toBe(GECKO_ID);
  });
});

describe('the native host', () => {
  it('forwards checked snapshots to the listening recording and drops malformed, oversized and path-carrying ones', async () => {
    const p = place('forward');
    expect((await runCairn(['browser', 'install', '--user-data-dir', p.profile], p.env)).code).toBe(0);
    const snapshots: { source: string; reports: BrowserReport[] }[] = [];
    const closed: string[] = [];
    let clock = 1000;
    const listener = await BrowserReportListener.start({
      socketPath: browserSocketPath(p.dataDir),
      stamp: () => ++clock,
      onSnapshot: (source, _at, reports) => snapshots.push({ source, reports }),
      onClosed: (source) => closed.push(source),
    });
    expect(statSync(browserSocketPath(p.dataDir)).mode & 0o777).toBe(0o600);
    const host = startHost(join(p.profile, 'NativeMessagingHosts', 'cairn-browser-host.sh'));
    // The host connects on its first message and drops that one: keep sending until one arrives.
    await until('the first forwarded snapshot', () => {
      host.child.stdin.write(encodeNativeMessage({ windows: [window] }));
      return snapshots.length > 0;
    });
    host.child.stdin.write(Buffer.concat([
      Buffer.from([5, 0, 0, 0]), Buffer.from('nope!'),
      encodeNativeMessage({ windows: [{ ...window, origin: 'https://mail.example/u/0/inbox?token=s3cret' }] }),
      encodeNativeMessage({ windows: [{ ...window, url: 'https://mail.example/u/0/inbox?token=s3cret' }] }),
      encodeNativeMessage({ windows: [{ ...window, title: 'x'.repeat(300 * 1024) }] }),
      encodeNativeMessage({ windows: [{ ...window, seq: 2, origin: 'https://chat.example' }] }),
    ]));
    await until('the valid snapshot after the bad ones', () => snapshots.some((s) => s.reports[0]?.origin === 'https://chat.example'));
    // Only the warm-up snapshots (seq 1) and the one valid snapshot among the bad ones came through.
    const origins = snapshots.map((s) => `${s.reports[0]?.seq} ${s.reports[0]?.origin}`);
    expect(origins.filter((o) => o !== '1 https://mail.example')).toEqual(['2 https://chat.example']);
    expect(snapshots.at(-1)!.reports[0]).toMatchObject({ seq: 2, browserWindowId: 7, bounds: { x: 0, y: 0, width: 800, height: 600 }, title: 'Inbox' });
    expect(listener.dropped).toBe(0);
    host.child.stdin.end();
    expect(await host.exited).toBe(0);
    await until('the listener to see the host go', () => closed.length === 1);
    // Nothing back to the browser, and one line of explanation for the browser's log.
    expect(host.stdout().length).toBe(0);
    expect(host.stderr()).toMatch(/dropped a message/);
    await listener.close();
    expect(existsSync(browserSocketPath(p.dataDir))).toBe(false);
    expect(filesUnder(p.dataDir)).toEqual([]);
  });

  it('keeps running and writes nothing while no recording listens, and exits when the browser closes its stdin', async () => {
    const p = place('alone');
    expect((await runCairn(['browser', 'install', '--user-data-dir', p.profile], p.env)).code).toBe(0);
    const host = startHost(join(p.profile, 'NativeMessagingHosts', 'cairn-browser-host.sh'));
    for (let i = 0; i < 5; i++) {
      host.child.stdin.write(encodeNativeMessage({ windows: [window] }));
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(host.child.exitCode).toBeNull();
    host.child.stdin.end();
    expect(await host.exited).toBe(0);
    expect(filesUnder(p.dataDir)).toEqual([]);
    expect(host.stdout().length).toBe(0);
  });

  it('hangs up on a connection that sends endless bytes without a newline, and refuses a second live listener', async () => {
    const p = place('listener');
    const socketPath = browserSocketPath(p.dataDir);
    const options = { socketPath, stamp: () => 1, onSnapshot: () => undefined, onClosed: () => undefined };
    const listener = await BrowserReportListener.start(options);
    await expect(BrowserReportListener.start(options)).rejects.toThrow(/another Cairn recording is listening/);
    const client = connect(socketPath);
    const hungUp = new Promise<void>((resolve) => client.on('close', () => resolve()));
    client.on('error', () => undefined);
    client.on('connect', () => client.write('x'.repeat(2 * 1024 * 1024)));
    await hungUp;
    expect(listener.dropped).toBe(1);
    await listener.close();
  });

  it('stamps a snapshot that was held up on its way with the moment it was read, not its late arrival', async () => {
    const p = place('held-up');
    const socketPath = browserSocketPath(p.dataDir);
    const stamps: { origin: string | null | undefined; at: number }[] = [];
    const listener = await BrowserReportListener.start({
      socketPath,
      stamp: () => 10_000,
      onSnapshot: (_source, at, reports) => stamps.push({ origin: reports[0]?.origin, at }),
      onClosed: () => undefined,
    });
    const client = connect(socketPath);
    await new Promise((resolve) => client.once('connect', resolve));
    // Two snapshots arrive together: one read 600 ms ago (a backlog), one just now, one saying nothing.
    const now = Date.now();
    client.write(
      `${JSON.stringify({ sentAt: now - 600, windows: [{ ...window, origin: 'https://old.example' }] })}\n` +
        `${JSON.stringify({ sentAt: now, windows: [window] })}\n${JSON.stringify({ windows: [{ ...window, origin: null }] })}\n`,
    );
    await until('three snapshots', () => stamps.length === 3);
    expect(stamps[0]!.origin).toBe('https://old.example');
    expect(stamps[0]!.at).toBeLessThanOrEqual(10_000 - 600);
    expect(stamps[0]!.at).toBeGreaterThan(10_000 - 700);
    expect(stamps[1]!.at).toBeGreaterThan(10_000 - 100);
    expect(stamps[2]!.at).toBe(10_000);
    client.destroy();
    await listener.close();
  });

  it('replaces a socket left behind by a recording that died', async () => {
    const p = place('stale');
    const socketPath = browserSocketPath(p.dataDir);
    // A child that listens and is killed leaves its socket file behind.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    expect(existsSync(socketPath)).toBe(true);
    const listener = await BrowserReportListener.start({ socketPath, stamp: () => 1, onSnapshot: () => undefined, onClosed: () => undefined });
    await listener.close();
  });
});
