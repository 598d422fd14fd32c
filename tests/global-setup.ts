// Builds the renderer, the Electron preload, the browser extension and its native host once before
// any test file runs, so the browser tests serve, tests/electron/preload-errors.test.ts loads, and the
// extension tests load what the sources say (and never race a rebuild from another file running in
// parallel).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', 'renderer', 'preload', 'browser-host', 'extension'], { stdio: 'inherit' });
}
