// Debian's Chromium as a person runs it, headful on a test's Xvfb display, with Cairn's extension
// loaded (--load-extension) and Cairn's native host installed in its private profile (`cairn browser
// install --user-data-dir`), so its reports reach the data folder's socket. Not driven by Playwright:
// the real browser's own windows, tabs and keys, moved with xdotool.
//
//   const app = await launchChromiumApp(x.env, { dataDir, urls: [site.url('/a')] });
//   const [wid] = await app.windows();          // X window ids (decimal), newest last
//   await app.openIncognito(site.url('/b'));
//   await app.close();
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionFolder } from '../../src/capture/browser/built-files.ts';
import { CHROMIUM } from './browser.ts';
import { runCairn } from './cli.ts';
import { xdotool } from './xvfb.ts';

const FLAGS = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu', '--password-store=basic'];

export interface ChromiumApp {
  userDataDir: string;
  /** The visible Chromium X windows of this profile, in the order X lists them (oldest first). */
  windows(): Promise<string[]>;
  /** Waits until at least `count` Chromium windows are visible; answers them. */
  waitForWindows(count: number): Promise<string[]>;
  /** Opens a private window in the same browser (the extension does not see it unless allowed). */
  openIncognito(url: string): Promise<string>;
  /** Activates `windowId` and sends it keys (xdotool names: ctrl+Tab, ctrl+1). */
  key(windowId: string, ...keys: string[]): Promise<void>;
  /** Quits the browser and removes its profile folder. */
  close(): Promise<void>;
}

export interface ChromiumAppOptions {
  /** Cairn's data folder: the native host is installed in the profile, reporting there. Without it
   *  the extension is loaded but finds no host. */
  dataDir?: string;
  urls?: string[];
  /** Leave the extension out (a profile "without the extension"). */
  withoutExtension?: boolean;
  args?: string[];
}

export async function launchChromiumApp(env: NodeJS.ProcessEnv, options: ChromiumAppOptions = {}): Promise<ChromiumApp> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cairn-chromium-'));
  if (options.dataDir) {
    const r = await runCairn(['--data-dir', options.dataDir, 'browser', 'install', '--user-data-dir', userDataDir], env);
    if (r.code !== 0) throw new Error(`cairn browser install failed: ${r.stderr}`);
  }
  const profileArgs = [...FLAGS, `--user-data-dir=${userDataDir}`];
  // Debian's wrapper adds an empty --load-extension of its own; the later one wins.
  const extension = options.withoutExtension ? [] : [`--load-extension=${extensionFolder('chromium')}`];
  const children: ChildProcess[] = [];
  const start = (args: string[]) => {
    const child = spawn(CHROMIUM, args, { env, stdio: 'ignore' });
    children.push(child);
    return child;
  };
  const main = start([...profileArgs, ...extension, ...(options.args ?? []), ...(options.urls ?? ['about:blank'])]);

  const windows = async () => {
    // Visible windows with a WM_CLASS of chromium; the pid of this run's browser rules out others.
    const out = await xdotool(env, 'search', '--onlyvisible', '--class', 'chromium').catch(() => '');
    const ids = out.trim().split('\n').filter(Boolean);
    const mine = await Promise.all(ids.map(async (id) => ((await xdotool(env, 'getwindowpid', id).catch(() => '')).trim() === String(main.pid) ? id : null)));
    return mine.filter((id): id is string => id !== null);
  };
  const waitForWindows = async (count: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = await windows();
      if (found.length >= count) return found;
      if (main.exitCode !== null) throw new Error(`Chromium exited with code ${main.exitCode}`);
      if (Date.now() > deadline) throw new Error(`Chromium showed ${found.length} of ${count} windows within 20 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await waitForWindows(1);

  return {
    userDataDir,
    windows,
    waitForWindows,
    openIncognito: async (url) => {
      const before = new Set(await windows());
      // A second start with the same profile hands the request to the running browser and exits.
      start([...profileArgs, '--incognito', url]);
      const after = await waitForWindows(before.size + 1);
      return after.find((id) => !before.has(id))!;
    },
    key: async (windowId, ...keys) => {
      await xdotool(env, 'windowactivate', '--sync', windowId);
      await xdotool(env, 'key', '--clearmodifiers', ...keys);
    },
    close: async () => {
      for (const child of children.reverse()) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      // Chromium's helper processes (renderers, utilities) may outlive the browser for a moment and still
      // write into the profile: every process started with this profile goes too.
      spawnSync('pkill', ['-KILL', '-f', '--', `--user-data-dir=${userDataDir}`]);
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
