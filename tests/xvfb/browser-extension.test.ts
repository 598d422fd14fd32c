// Cairn's extension in Debian's Chromium, headful under Xvfb, talking to Cairn's native host through
// native messaging: every byte the host sends towards the recording is captured here (on the data
// folder's socket) and checked. Reports name the active tab's origin per tab, follow tab switches
// made with the keyboard, leave a private window out, pair with the X window by geometry, and never
// carry a path or a query; once a recording's listener takes the socket, they are stamped with the X
// server's clock (the event clock) at their arrival. `cairn record` opens that socket and removes it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMessageSchema, isWebOrigin, toReports } from '../../src/capture/browser/browser-message.ts';
import { browserSocketPath } from '../../src/capture/browser/browser-socket.ts';
import type { BrowserReport } from '../../src/core/browser-report.ts';
import { BrowserTimeline } from '../../src/core/browser-timeline.ts';
import { EventClockEstimate } from '../../src/core/event-clock-estimate.ts';
import { X11FocusWatcher } from '../../src/capture/x11/x11-focus-watcher.ts';
import { listenForBrowserReports } from '../../src/recorder/browser-reports.ts';
import type { Bounds } from '../../src/core/window-info.ts';
import { chromiumMissingReason } from '../helpers/browser.ts';
import { startRecording } from '../helpers/cli.ts';
import { acceptAndAllow } from '../helpers/ready-to-record.ts';
import { type ChromiumApp, launchChromiumApp } from '../helpers/chromium-app.ts';
import { filesContaining } from '../helpers/disk-bytes.ts';
import { type LocalSite, serveSite } from '../helpers/local-site.ts';
import { startXvfb, xdotool, xvfbMissingReason, type XvfbDisplay } from '../helpers/xvfb.ts';

const missing = xvfbMissingReason() ?? chromiumMissingReason();
if (missing) console.warn(`browser-extension tests skipped: ${missing}`);

// Paths and queries that must never leave the browser.
const SECRET_PATHS = ['/mail/u/0/inbox?token=S3CRET-ALPHA', '/accounts/4711?session=S3CRET-BETA', '/untitled/notes?key=S3CRET-GAMMA'];
const NEEDLES = ['S3CRET', 'token=', 'session=', 'key=', '/mail/', '/accounts/', '/untitled/', '/incognito-page'];

describe.skipIf(missing !== null)('Cairn extension in Chromium', () => {
  let x: XvfbDisplay;
  let app: ChromiumApp;
  let alpha: LocalSite;
  let beta: LocalSite;
  let untitled: LocalSite;
  let tap: Server;
  const tapped: Socket[] = [];
  let dataDir: string;
  let root: string;
  const raw: Buffer[] = [];
  const received: { at: number; reports: BrowserReport[] }[] = [];
  const timeline = new BrowserTimeline();

  /** The first snapshot received after `since` whose reports satisfy `test`. */
  async function snapshotWhere(since: number, what: string, test: (reports: BrowserReport[]) => boolean): Promise<BrowserReport[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = received.find((s) => s.at > since && test(s.reports));
      if (found) return found.reports;
      if (Date.now() > deadline) throw new Error(`no snapshot with ${what} within 10 s; last: ${JSON.stringify(received.at(-1))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function until(ready: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error('timed out after 10 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function xGeometry(windowId: string): Promise<{ bounds: Bounds; title: string }> {
    const shell = await xdotool(x.env, 'getwindowgeometry', '--shell', windowId);
    const v = Object.fromEntries(shell.trim().split('\n').map((l) => l.split('=') as [string, string]));
    const title = (await xdotool(x.env, 'getwindowname', windowId)).trim();
    return { bounds: { x: Number(v.X), y: Number(v.Y), width: Number(v.WIDTH), height: Number(v.HEIGHT) }, title };
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cairn-ext-'));
    dataDir = join(root, 'data');
    mkdirSync(dataDir);
    [alpha, beta, untitled] = await Promise.all([serveSite('Alpha site'), serveSite('Beta site'), serveSite(null)]);
    // Stands where a recording listens: every byte the native host writes arrives here.
    tap = createServer((socket) => {
      tapped.push(socket);
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        raw.push(chunk);
        const at = performance.now();
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const reports = toReports(browserMessageSchema.parse(JSON.parse(line)), at);
          received.push({ at, reports });
          timeline.record('tap', at, reports);
        }
      });
    });
    await new Promise<void>((resolve) => tap.listen(browserSocketPath(dataDir), resolve));
    x = await startXvfb({ width: 1280, height: 800 });
    app = await launchChromiumApp(x.env, { dataDir, urls: [alpha.url(SECRET_PATHS[0]), beta.url(SECRET_PATHS[1]), untitled.url(SECRET_PATHS[2])] });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await x?.stop();
    tap?.close();
    for (const socket of tapped) socket.destroy();
    await Promise.all([alpha, beta, untitled].map((s) => s?.close()));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("reports the active tab's origin, paired by geometry with Chromium's X window", async () => {
    const [wid] = await app.waitForWindows(1);
    const first = await snapshotWhere(0, 'the first tab active', (r) => r.length === 1 && r[0]!.origin === alpha.origin && r[0]!.title === 'Alpha site');
    expect(first[0]).toMatchObject({ incognito: false });
    const xwin = await xGeometry(wid!);
    expect(first[0]!.bounds).toEqual(xwin.bounds);
    expect(timeline.latestFor(xwin)?.origin).toBe(alpha.origin);
  });

  it('follows a tab switch by keyboard with a newer, higher-numbered report naming the new origin', async () => {
    const [wid] = await app.waitForWindows(1);
    const before = await snapshotWhere(0, 'the first tab active', (r) => r[0]?.origin === alpha.origin);
    const pressed = performance.now();
    await app.key(wid!, 'ctrl+Tab');
    const after = await snapshotWhere(pressed, 'the second tab active', (r) => r[0]?.origin === beta.origin);
    expect(after[0]!.seq).toBeGreaterThan(before[0]!.seq);
    expect(timeline.hasReportAfter(pressed)).toBe(true);
    expect(timeline.latestFor(await xGeometry(wid!))?.origin).toBe(beta.origin);

    const back = performance.now();
    await app.key(wid!, 'ctrl+1');
    await snapshotWhere(back, 'the first tab again', (r) => r[0]?.origin === alpha.origin);
    expect(timeline.latestFor(await xGeometry(wid!))?.origin).toBe(alpha.origin);
  });

  it('names the host only, not the URL, for a page without a title', async () => {
    const [wid] = await app.waitForWindows(1);
    const pressed = performance.now();
    await app.key(wid!, 'ctrl+3');
    const host = new URL(untitled.origin).host;
    const reports = await snapshotWhere(pressed, 'the untitled tab', (r) => r[0]?.origin === untitled.origin);
    expect(reports[0]!.title).toBe(host);
    // Chromium titles the X window with the URL; the report's title still begins it, so they pair.
    const xwin = await xGeometry(wid!);
    expect(xwin.title).toContain(SECRET_PATHS[2]!.split('?')[0]);
    expect(timeline.latestFor(xwin)?.origin).toBe(untitled.origin);
    await app.key(wid!, 'ctrl+1');
    await snapshotWhere(performance.now(), 'the first tab again', (r) => r[0]?.origin === alpha.origin);
  });

  it('does not report a private window (the extension is not allowed in incognito), and that window pairs with no report', async () => {
    const opened = performance.now();
    const incognito = await app.openIncognito(beta.url('/incognito-page?session=S3CRET-DELTA'));
    // Several heartbeats after the private window appeared: still one window, never a private one.
    await new Promise((r) => setTimeout(r, 1500));
    const since = received.filter((s) => s.at > opened);
    expect(since.length).toBeGreaterThanOrEqual(2);
    for (const s of since) expect(s.reports.map((r) => r.incognito)).toEqual([false]);
    expect(timeline.latestFor(await xGeometry(incognito))).toBeNull();
  });

  it("stamps reports, once a recording listens, with the X server's clock at their arrival", async () => {
    // The recording starts while the browser runs: the tap steps aside, the recorder's listener takes
    // the socket, and the host connects to it by itself.
    for (const socket of tapped) socket.destroy();
    await new Promise((resolve) => tap.close(resolve));
    const focus = new X11FocusWatcher({ display: x.display, heartbeatMs: 50 });
    const clock = new EventClockEstimate();
    const recorded = new BrowserTimeline();
    await focus.start({ focus: () => undefined, watermark: (t) => clock.observe(t, performance.now()), failed: () => undefined });
    const listener = await listenForBrowserReports(browserSocketPath(dataDir), recorded, clock);
    try {
      const [wid] = await app.waitForWindows(1);
      const xwin = await xGeometry(wid!);
      await until(() => recorded.latestFor(xwin)?.origin === alpha.origin);
      const beforeKey = await focus.sync();
      await app.key(wid!, 'ctrl+Tab');
      const switched = await xGeometry(wid!);
      await until(() => recorded.latestFor(switched)?.origin === beta.origin);
      const afterArrival = await focus.sync();
      const report = recorded.latestFor(switched)!;
      expect(report.at).toBeGreaterThan(beforeKey);
      expect(report.at).toBeLessThanOrEqual(afterArrival);
      expect(recorded.hasReportAfter(beforeKey)).toBe(true);
      await app.key(wid!, 'ctrl+1');
    } finally {
      await listener.close();
      await focus.stop();
    }
  });

  it("listens on the data folder's socket, its owner's only, for exactly as long as `cairn record` runs", async () => {
    const env = { ...x.env, CAIRN_DATA_DIR: dataDir };
    acceptAndAllow(env, 'XTerm');
    const socketPath = browserSocketPath(dataDir);
    expect(existsSync(socketPath)).toBe(false);
    const recording = await startRecording([], env);
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    await new Promise((r) => setTimeout(r, 1000));
    const result = await recording.stop('SIGINT');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/browser sites cannot be told/);
    expect(existsSync(socketPath)).toBe(false);
  });

  it('never sends a path or a query: every byte the host wrote is checked, and nothing of it is in the data folder', async () => {
    // The browser quits, its host sees stdin close and exits, and the socket can be closed.
    await app.close();
    const bytes = Buffer.concat(raw).toString('utf8');
    expect(bytes.length).toBeGreaterThan(0);
    for (const needle of NEEDLES) expect(bytes).not.toContain(needle);
    for (const s of received) for (const r of s.reports) if (r.origin !== null) expect(isWebOrigin(r.origin)).toBe(true);
    // The data folder now holds a real store (consent, policy, a recorded session): none of it either.
    for (const needle of NEEDLES) expect(filesContaining(dataDir, needle)).toEqual([]);
  });
});
