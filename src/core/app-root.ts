// Where Cairn's own files are at run time (consent texts, the native addon, the built renderer, the
// entry files of its workers), whether the code runs from the TypeScript sources (tests, scripts)
// or from the JavaScript that esbuild built into dist/node/ (`npx cairn`, the desktop service).
// It works because this file and every file of that build sit two folders below the app root:
// src/core/app-root.ts, dist/node/<chunk>.js. Only URLs here (no Node built-ins): callers turn
// them into paths with fileURLToPath.
const HERE = import.meta.url;

/** The folder holding package.json, consent/, native/ and dist/ (in a package, the app's asar). */
export const APP_ROOT = new URL('../../', HERE);

/** Where the `node` target of electron.config.ts writes the CLI, the service and the workers. */
export const NODE_BUILD_DIR = 'dist/node';

/** True when this code was built by esbuild, false when it runs from the .ts sources. */
export const RUNS_FROM_BUILD = !HERE.endsWith('.ts');

/** A file or folder of the app by its path from the root, e.g. `consent/` or `dist/renderer/`. */
export function appUrl(path: string): URL {
  return new URL(path, APP_ROOT);
}

/**
 * A module that runs on its own (a worker thread, a process), by its source path: that source file
 * when running from the sources, else its built entry, named after it, in NODE_BUILD_DIR.
 */
export function entryUrl(sourcePath: `src/${string}.ts`): URL {
  if (!RUNS_FROM_BUILD) return appUrl(sourcePath);
  const name = sourcePath.slice(sourcePath.lastIndexOf('/') + 1, -'.ts'.length);
  return appUrl(`${NODE_BUILD_DIR}/${name}.js`);
}
