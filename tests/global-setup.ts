// Builds, once before any test file runs, what the tests run: the renderer the browser tests serve,
// the Electron preload tests/electron/preload-errors.test.ts loads, and the `node` bundle that
// bin/cairn.js (every test that spawns `cairn`) and the store worker run. In-process esbuild, about
// a second; no test file then races a rebuild from another.
import { buildTargets } from '../scripts/build.ts';

export default async function setup(): Promise<void> {
  await buildTargets(['node', 'renderer', 'preload'], () => undefined);
}
