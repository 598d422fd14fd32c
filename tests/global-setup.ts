// Builds the renderer and the Electron preload once before any test file runs, so the browser tests
// serve, and tests/electron/preload-errors.test.ts loads, what the sources say (and never race a
// rebuild from another file running in parallel).
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', 'renderer', 'preload'], { stdio: 'inherit' });
}
