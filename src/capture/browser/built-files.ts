// Where the build (scripts/build.ts, targets in electron.config.ts) puts the browser pieces: the
// unpacked extension per browser and the native host's entry. Absolute paths from the app root, so
// they hold whether Cairn runs from the sources or from dist/node/.
import { fileURLToPath } from 'node:url';
import { appUrl } from '../../core/app-root.ts';
import type { BrowserKind } from './host-install.ts';

/** The unpacked extension folder to load (Chromium and Chrome share one; Firefox has its own). */
export function extensionFolder(browser: BrowserKind): string {
  return fileURLToPath(appUrl(`dist/extension/${browser === 'firefox' ? 'firefox' : 'chromium'}`));
}

export function nativeHostEntry(): string {
  return fileURLToPath(appUrl('dist/browser/native-host.mjs'));
}
