// Where the build (scripts/build.ts, targets in electron.config.ts) puts the browser pieces: the
// unpacked extension per browser and the native host's entry. Paths are absolute, from this file.
import { fileURLToPath } from 'node:url';
import type { BrowserKind } from './host-install.ts';

const DIST = new URL('../../../dist/', import.meta.url);

/** The unpacked extension folder to load (Chromium and Chrome share one; Firefox has its own). */
export function extensionFolder(browser: BrowserKind): string {
  return fileURLToPath(new URL(`extension/${browser === 'firefox' ? 'firefox' : 'chromium'}`, DIST));
}

export function nativeHostEntry(): string {
  return fileURLToPath(new URL('browser/native-host.mjs', DIST));
}
