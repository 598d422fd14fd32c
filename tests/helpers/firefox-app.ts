// Debian's Firefox ESR as a person runs it, headful on a test's Xvfb display, in a private profile and
// a private HOME (where `cairn browser install --browser firefox` puts the native host, in
// ~/.mozilla/native-messaging-hosts). Release and ESR builds install only signed extensions for good,
// so Cairn's extension is loaded the way a person loads an unsigned one, as a temporary add-on: here
// through WebDriver BiDi's webExtension.install (Firefox speaks BiDi when started with
// --remote-debugging-port), for a person through about:debugging. It is gone once Firefox restarts.
//
//   const profile = await makeFirefoxProfile(x.env, { dataDir });
//   const app = await launchFirefoxApp(profile, { urls: [site.url('/a')] });
//   const [wid] = await app.waitForWindows(1);    // X window ids (decimal)
//   await app.quit();  profile.remove();
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionFolder } from '../../src/capture/browser/built-files.ts';
import { runCairn } from './cli.ts';
import { waitForTitle } from './desktop-apps.ts';
import { sleep } from './typing.ts';
import { xdotool } from './xvfb.ts';

export const FIREFOX = '/usr/bin/firefox-esr';

/** Why Firefox tests cannot run here, or null when they can. */
export function firefoxMissingReason(): string | null {
  return existsSync(FIREFOX) ? null : `${FIREFOX} is missing (Debian: apt-get install -y firefox-esr)`;
}

// A profile that neither phones home nor shows first-run, welcome or what's-new pages, and restores
// nothing at a restart: the windows are those the test opens.
const PREFS: Record<string, string | number | boolean> = {
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'app.update.auto': false,
  'app.update.disabledForTesting': true,
  'browser.aboutwelcome.enabled': false,
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.search.update': false,
  'browser.sessionstore.resume_from_crash': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.tabs.warnOnClose': false,
  'browser.translations.enable': false,
  'browser.uitour.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'identity.fxaccounts.enabled': false,
  'media.gmp-manager.url': '',
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'services.settings.server': 'data:,',
  'startup.homepage_welcome_url': '',
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
};

export interface FirefoxProfile {
  /** The profile folder (-profile). */
  dir: string;
  /** The display's environment with HOME set to this profile's private home. */
  env: NodeJS.ProcessEnv;
  /** Removes the profile and its home (after quit). */
  remove(): void;
}

/** A fresh profile and home; with `dataDir`, Cairn's native host installed in that home. */
export async function makeFirefoxProfile(displayEnv: NodeJS.ProcessEnv, options: { dataDir?: string } = {}): Promise<FirefoxProfile> {
  const root = mkdtempSync(join(tmpdir(), 'cairn-firefox-'));
  const dir = join(root, 'profile');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  writeFileSync(join(dir, 'user.js'), Object.entries(PREFS).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
  const env: NodeJS.ProcessEnv = { ...displayEnv, HOME: home };
  // Firefox 153 keeps its caches and config under XDG folders: they follow HOME only when unset.
  for (const name of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'MOZ_NO_REMOTE']) delete env[name];
  const remove = () => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  if (options.dataDir) {
    const r = await runCairn(['--data-dir', options.dataDir, 'browser', 'install', '--browser', 'firefox'], env);
    if (r.code !== 0) {
      remove();
      throw new Error(`cairn browser install --browser firefox failed: ${r.stderr}`);
    }
  }
  return { dir, env, remove };
}

export interface FirefoxApp {
  /** The visible Firefox X windows of this run, in the order X lists them (oldest first). */
  windows(): Promise<string[]>;
  /** Waits until at least `count` Firefox windows are visible; answers them. */
  waitForWindows(count: number): Promise<string[]>;
  /** Opens a private window with Ctrl+Shift+P and loads `url` in it by typing it; answers its id. */
  openPrivate(url: string): Promise<string>;
  /** Activates `windowId` and sends it keys (xdotool names: ctrl+Tab, ctrl+1). */
  key(windowId: string, ...keys: string[]): Promise<void>;
  /** Cairn's native hosts this Firefox has started (its children running native-host.mjs). */
  nativeHostPids(): number[];
  /** Quits Firefox (and every process it started); the profile stays for a restart. */
  quit(): Promise<void>;
}

/** Starts Firefox in `profile` showing `urls`, with Cairn's extension as a temporary add-on unless
 *  `withoutExtension` (then no remote protocol is opened either: a plain Firefox). */
export async function launchFirefoxApp(profile: FirefoxProfile, options: { urls?: string[]; withoutExtension?: boolean } = {}): Promise<FirefoxApp> {
  const remote = options.withoutExtension ? [] : ['--remote-debugging-port=0'];
  const main = spawn(FIREFOX, ['-profile', profile.dir, '-no-remote', ...remote, ...(options.urls ?? ['about:blank'])], {
    env: profile.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  main.stderr!.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-20_000)));
  const app = firefoxWindows(profile.env, main);
  try {
    if (!options.withoutExtension) {
      const url = await waitFor(20_000, () => /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr)?.[1], main, 'Firefox opened no BiDi port');
      await installTemporaryAddon(url, extensionFolder('firefox'));
    }
    await app.waitForWindows(1);
  } catch (err) {
    await app.quit();
    throw new Error(`${(err as Error).message}\nFirefox said: ${stderr.slice(-2000)}`, { cause: err });
  }
  return app;
}

function firefoxWindows(env: NodeJS.ProcessEnv, main: ChildProcess): FirefoxApp {
  const windows = async () => {
    // Visible windows of class firefox-esr whose _NET_WM_PID is this run's browser.
    const out = await xdotool(env, 'search', '--onlyvisible', '--class', 'firefox').catch(() => '');
    const ids = out.trim().split('\n').filter(Boolean);
    const mine = await Promise.all(ids.map(async (id) => ((await xdotool(env, 'getwindowpid', id).catch(() => '')).trim() === String(main.pid) ? id : null)));
    return mine.filter((id): id is string => id !== null);
  };
  const waitForWindows = async (count: number) => {
    const label = `Firefox showed fewer than ${count} windows within 20 s`;
    return waitFor(20_000, async () => {
      const found = await windows();
      return found.length >= count ? found : undefined;
    }, main, label);
  };
  const key = async (windowId: string, ...keys: string[]) => {
    await xdotool(env, 'windowactivate', '--sync', windowId);
    await xdotool(env, 'key', '--clearmodifiers', ...keys);
  };
  return {
    windows,
    waitForWindows,
    key,
    nativeHostPids: () => descendants(main.pid!).filter((p) => commandLine(p.pid).includes('native-host.mjs')).map((p) => p.pid),
    openPrivate: async (url) => {
      const before = await windows();
      await key(before.at(-1)!, 'ctrl+shift+p');
      const after = await waitForWindows(before.length + 1);
      const id = after.find((w) => !before.includes(w))!;
      // The new window's address bar has the focus once its title is set.
      await waitForTitle(env, id, (title) => title.includes('Private Browsing'));
      await xdotool(env, 'windowactivate', '--sync', id);
      await sleep(500);
      await xdotool(env, 'type', '--delay', '10', url);
      await xdotool(env, 'key', 'Return');
      return id;
    },
    quit: async () => {
      // Content processes and the native host are Firefox's children: each ends with it, or is ended.
      const family = descendants(main.pid!);
      if (main.exitCode === null && main.signalCode === null) {
        const exited = new Promise((resolve) => main.once('exit', resolve));
        main.kill('SIGTERM');
        const timer = setTimeout(() => main.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await sleep(200);
      for (const { pid, started } of family) {
        // Only the very process seen before (same start time), never one that took its pid since.
        if (processStart(pid) !== started) continue;
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }
    },
  };
}

/** The processes below `pid` (children of children included), each with its start time. */
function descendants(pid: number): { pid: number; started: string }[] {
  const stats = new Map<number, string[]>();
  for (const name of readdirSync('/proc')) {
    if (/^\d+$/.test(name)) {
      const fields = statFields(Number(name));
      if (fields) stats.set(Number(name), fields);
    }
  }
  const found: { pid: number; started: string }[] = [];
  const walk = (parent: number) => {
    for (const [child, fields] of stats) {
      if (Number(fields[1]) !== parent) continue;
      found.push({ pid: child, started: fields[19]! });
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/** /proc/PID/stat after "(comm) ": state, parent pid, …, start time (the 20th); null once gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function processStart(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Polls `probe` every 100 ms until it answers, the browser exits, or `ms` pass. */
async function waitFor<T>(ms: number, probe: () => T | undefined | Promise<T | undefined>, browser: ChildProcess, failure: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (browser.exitCode !== null) throw new Error(`Firefox exited with code ${browser.exitCode}`);
    if (Date.now() > deadline) throw new Error(failure);
    await sleep(100);
  }
}

/**
 * A minimal WebDriver BiDi client (Node 22's global WebSocket): opens a session, installs the
 * unpacked extension folder as a temporary add-on, and ends the session. The add-on stays until
 * Firefox quits.
 */
async function installTemporaryAddon(url: string, folder: string): Promise<void> {
  const socket = new WebSocket(`${url}/session`);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot reach Firefox's BiDi port ${url}`));
  });
  let nextId = 0;
  const pending = new Map<number, { resolve(result: unknown): void; reject(err: Error): void }>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; type: string; result?: unknown; error?: string; message?: string };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    if (message.type === 'success') waiter.resolve(message.result);
    else waiter.reject(new Error(`BiDi: ${message.error}: ${message.message}`));
  };
  const command = (method: string, params: Record<string, unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await command('session.new', { capabilities: {} });
    await command('webExtension.install', { extensionData: { type: 'path', path: folder } });
    await command('session.end', {});
  } finally {
    socket.close();
  }
}
