// The extension's two manifests from one: extension/manifest.json is Chromium's (its "key" fixes the
// extension id), and Firefox's is derived from it: no key (Firefox ids come from
// browser_specific_settings.gecko.id), and a background script rather than a service worker, which
// Firefox's Manifest V3 does not run. Both folders get the same built background.js and element-script.js.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GECKO_ID } from '../src/capture/browser/extension-identity.ts';

type Manifest = Record<string, unknown> & { background: { service_worker: string } };

export function firefoxManifest(chromium: Manifest): Record<string, unknown> {
  const { background, ...rest } = chromium;
  delete rest.key;
  delete rest.minimum_chrome_version;
  return {
    ...rest,
    background: { scripts: [background.service_worker] },
    browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: '128.0' } },
  };
}

/** Writes both manifests beside the built worker in `outDir`/chromium and `outDir`/firefox. */
export function writeExtensionFolders(outDir: string, source = 'extension/manifest.json'): void {
  const chromium = JSON.parse(readFileSync(source, 'utf8')) as Manifest;
  writeFileSync(join(outDir, 'chromium', 'manifest.json'), `${JSON.stringify(chromium, null, 2)}\n`);
  mkdirSync(join(outDir, 'firefox'), { recursive: true });
  for (const file of ['background.js', 'element-script.js']) copyFileSync(join(outDir, 'chromium', file), join(outDir, 'firefox', file));
  writeFileSync(join(outDir, 'firefox', 'manifest.json'), `${JSON.stringify(firefoxManifest(chromium), null, 2)}\n`);
}
