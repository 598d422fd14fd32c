// Builds, once before any test file runs, every bundle the tests run: the `node` build that
// bin/cairn.js (every test that spawns `cairn`), the desktop service and the store worker run, the
// renderer the browser tests serve, and the Electron main and preloads (tests/electron/ loads the
// built preloads), the browser extension and its native host. In-process esbuild, all targets at once (about 1-2 s); no test file then races a
// rebuild from another. The native addon is left to `npm ci`.
import { targets } from '../electron.config.ts';
import { buildTargets } from '../scripts/build.ts';

export default async function setup(): Promise<void> {
  await buildTargets(Object.keys(targets), () => undefined);
}
