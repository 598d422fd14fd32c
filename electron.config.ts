// How Cairn is built: esbuild bundles from one description. `node` is everything that runs under
// plain Node or in Electron's utility process: the `cairn` CLI (bin/cairn.js imports it), the
// desktop app's service, and the store worker; `main` and the two preloads run in Electron (CommonJS,
// as Electron's sandboxed preload requires); `renderer` is the React UI, the same bundle the
// browser host (`cairn serve`) serves. Nothing is transpiled at run time. `fuses` is what packaging
// burns into the packaged copy of the Electron binary (`npm run fuses`, scripts/apply-fuses.ts).
// Beside them, two bundles for Cairn's browser extension: `browser-host` is the native-messaging
// host a browser starts (plain Node, so it starts in milliseconds), and `extension` the extension's
// worker, written with one manifest per browser (scripts/extension-manifest.ts derives Firefox's).
import { type FuseV1Config, FuseV1Options, FuseVersion } from '@electron/fuses';
import type { BuildOptions } from 'esbuild';
import { NODE_BUILD_DIR } from './src/core/app-root.ts';

export const OUT_DIR = 'dist';

/** Packages never bundled, loaded at run time from node_modules: native addons, packages that find
 *  their own files next to them (tesseract.js starts its worker script, its language data is read
 *  from disk), secretlint (imported only when a scan runs), dbus-next (its optional requires of
 *  packages Cairn does not install would break a bundle) and Electron. The rest (zod, commander,
 *  the Parquet writer...) is bundled: one file to parse instead of hundreds to resolve. */
const EXTERNAL = [
  'electron',
  'better-sqlite3-multiple-ciphers',
  '@napi-rs/keyring',
  'uiohook-napi',
  'sharp',
  'x11',
  'dbus-next',
  'screenshot-desktop',
  'tesseract.js',
  '@tesseract.js-data/*',
  '@secretlint/*',
];

export type TargetName = 'node' | 'main' | 'preload' | 'indicatorPreload' | 'renderer' | 'browser-host' | 'extension';

export const targets: Record<TargetName, BuildOptions> = {
  node: {
    // Each entry is named after its source file (src/core/app-root.ts's entryUrl finds the
    // workers by that name). Splitting keeps every `await import()` a chunk of its own, so a
    // command loads only what it uses (`cairn sessions` never loads the recorder, capture,
    // secretlint or OCR). Chunks stay flat in the folder: app-root.ts relies on every file of
    // this build sitting two folders below the app root.
    entryPoints: ['src/cli/main.ts', 'src/capture/x-io-guard.ts', 'src/core/lean-process.ts', 'src/store/store-worker.ts', 'src/capture/atspi/atspi-worker.ts', 'src/export/export-worker.ts', 'src/server/review/review-worker.ts', 'src/server/ingest-worker.ts', 'src/electron/service-process.ts'],
    outdir: NODE_BUILD_DIR,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    bundle: true,
    external: EXTERNAL,
    // Bundled CommonJS packages (commander, cli-progress) call require() for Node's built-ins,
    // which an ES module has not got; esbuild renames any `require` of Cairn's own code around it.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: true,
    metafile: true,
  },
  main: {
    entryPoints: ['src/electron/main.ts'],
    outfile: `${OUT_DIR}/electron/main.cjs`,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    bundle: true,
    external: EXTERNAL,
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
  indicatorPreload: {
    entryPoints: ['src/electron/indicator-preload.ts'],
    outfile: `${OUT_DIR}/electron/indicator-preload.cjs`,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    bundle: true,
    external: ['electron'],
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
    // The worker, and the element script it registers for the sites a recording allows.
    entryPoints: ['extension/src/background.ts', 'extension/page/element-script.ts'],
    outdir: `${OUT_DIR}/extension/chromium`,
    entryNames: '[name]',
    platform: 'browser',
    format: 'iife',
    target: ['chrome116', 'firefox128'],
    bundle: true,
  },
};

/**
 * The Electron fuses of a packaged Cairn, every one set explicitly: packaging stops when an
 * Electron upgrade brings a fuse not decided here (strictlyRequireAllFuses).
 */
export const fuses: FuseV1Config = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // The binary never runs as plain Node (ELECTRON_RUN_AS_NODE), takes no NODE_OPTIONS and no
  // --inspect: none of these can turn the installed app into a debugger or a script runner.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app is read only from resources/app.asar, checked against the hash embedded at packaging
  // (macOS and Windows check it; Linux Electron has no integrity check yet).
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // No page of Cairn sets cookies (cairn://app serves files); should one, it is encrypted at rest.
  [FuseV1Options.EnableCookieEncryption]: true,
  // Cairn ships no custom V8 snapshot and never serves pages from file://.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default: WebAssembly bounds checks by signal handler (tesseract.js runs WebAssembly).
  [FuseV1Options.WasmTrapHandlers]: true,
};
