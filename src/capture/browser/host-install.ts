// `cairn browser install`: registers Cairn's native-messaging host with a browser. It writes the
// host manifest (which extension may start the host, and the program to start) into the folder the
// browser reads (a profile's NativeMessagingHosts when --user-data-dir is given, else the per-user
// default), and beside it a launcher that runs the built host with this Node and this data folder:
// the browser starts the host with the browser's own environment, so nothing else would tell it.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHROMIUM_EXTENSION_ID, GECKO_ID, NATIVE_HOST_NAME } from './extension-identity.ts';

export const BROWSERS = ['chromium', 'chrome', 'firefox'] as const;
export type BrowserKind = (typeof BROWSERS)[number];

export const LAUNCHER_FILE = 'cairn-browser-host.sh';

/** The folder `browser` reads host manifests from, or a sentence saying why there is none. */
export function hostManifestDir(
  browser: BrowserKind,
  userDataDir: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | { problem: string } {
  if (platform === 'win32') return { problem: 'on Windows a native host is registered in the registry, which `cairn browser install` does not do yet' };
  if (browser === 'firefox') {
    if (userDataDir) return { problem: 'Firefox reads native hosts only from its per-user folder, not from a profile; leave --user-data-dir out' };
    // ~/.mozilla even where Firefox keeps its profiles under ~/.config/mozilla (XDG layout, as
    // Firefox ESR 153 does in a fresh home): checked, it reads no host folder there. homedir() is HOME.
    return platform === 'darwin' ? join(homedir(), 'Library', 'Application Support', 'Mozilla', 'NativeMessagingHosts') : join(homedir(), '.mozilla', 'native-messaging-hosts');
  }
  // With --user-data-dir, Chromium reads hosts from that profile's folder only.
  if (userDataDir) return join(resolve(userDataDir), 'NativeMessagingHosts');
  if (platform === 'darwin') {
    const vendor = browser === 'chrome' ? join('Google', 'Chrome') : 'Chromium';
    return join(homedir(), 'Library', 'Application Support', vendor, 'NativeMessagingHosts');
  }
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, browser === 'chrome' ? 'google-chrome' : 'chromium', 'NativeMessagingHosts');
}

export function hostManifest(browser: BrowserKind, launcherPath: string): Record<string, unknown> {
  const common = { name: NATIVE_HOST_NAME, description: 'Cairn: which site each browser window shows', path: launcherPath, type: 'stdio' };
  return browser === 'firefox' ? { ...common, allowed_extensions: [GECKO_ID] } : { ...common, allowed_origins: [`chrome-extension://${CHROMIUM_EXTENSION_ID}/`] };
}

export function launcherScript(nodePath: string, hostEntry: string, dataDir: string): string {
  return [
    '#!/bin/sh',
    "# Cairn's native-messaging host, written by `cairn browser install`: the browser starts it with its",
    '# own environment, so the data folder the host reports to is written here. Reinstall to change it.',
    `exec ${shellQuote(nodePath)} ${shellQuote(hostEntry)} --data-dir ${shellQuote(resolve(dataDir))} "$@"`,
    '',
  ].join('\n');
}

export interface Installed {
  manifestPath: string;
  launcherPath: string;
}

export function installHost(o: { dir: string; browser: BrowserKind; nodePath: string; hostEntry: string; dataDir: string }): Installed {
  mkdirSync(o.dir, { recursive: true });
  const launcherPath = join(o.dir, LAUNCHER_FILE);
  writeFileSync(launcherPath, launcherScript(o.nodePath, o.hostEntry, o.dataDir));
  chmodSync(launcherPath, 0o755);
  const manifestPath = join(o.dir, `${NATIVE_HOST_NAME}.json`);
  writeFileSync(manifestPath, `${JSON.stringify(hostManifest(o.browser, launcherPath), null, 2)}\n`);
  return { manifestPath, launcherPath };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
