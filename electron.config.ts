// How the desktop app is built: four esbuild bundles from one description. `main` and `preload`
// run in Electron (Node side, CommonJS as Electron's sandboxed preload requires); `service` is the
// small ESM entry of the utility process that runs the store and recorder from the TypeScript
// sources (through tsx, as `npx cairn` does); `renderer` is the React UI, the same bundle the
// browser host (`cairn serve`) serves. Beside them, two bundles for Cairn's browser extension:
// `browser-host` is the native-messaging host a browser starts (plain Node, no tsx, so it starts in
// milliseconds), and `extension` the extension's worker, written with one manifest per browser
// (scripts/extension-manifest.ts derives Firefox's from extension/manifest.json).
import type { BuildOptions } from 'esbuild';

export const OUT_DIR = 'dist';

export const targets: Record<'main' | 'preload' | 'service' | 'renderer' | 'browser-host' | 'extension', BuildOptions> = {
  main: {
    entryPoints: ['src/electron/main.ts'],
    outfile: `${OUT_DIR}/electron/main.cjs`,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    bundle: true,
    // Native modules and Electron itself are loaded at run time, never bundled.
    external: ['electron', 'better-sqlite3-multiple-ciphers', '@napi-rs/keyring', 'uiohook-napi', 'sharp', 'x11', 'screenshot-desktop'],
    sourcemap: true,
  },
  preload: {
    entryPoints: ['src/electron/preload.ts'],
    outfile: `${OUT_DIR}/electron/preload.cjs`,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    bundle: true,
    external: ['electron'],
  },
  service: {
    entryPoints: ['src/electron/service-entry.ts'],
    outfile: `${OUT_DIR}/electron/service.mjs`,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    bundle: true,
    external: ['tsx', 'tsx/*'],
  },
  renderer: {
    entryPoints: ['renderer/main.tsx'],
    outdir: `${OUT_DIR}/renderer`,
    entryNames: 'app',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    bundle: true,
    minify: true,
    sourcemap: true,
    jsx: 'automatic',
    loader: { '.css': 'css', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
  },
  'browser-host': {
    entryPoints: ['src/capture/browser/native-host.ts'],
    outfile: `${OUT_DIR}/browser/native-host.mjs`,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    bundle: true,
    minify: true,
  },
  extension: {
    entryPoints: ['extension/src/background.ts'],
    outfile: `${OUT_DIR}/extension/chromium/background.js`,
    platform: 'browser',
    format: 'iife',
    target: ['chrome116', 'firefox128'],
    bundle: true,
  },
};
