// Whether the `node` build (dist/node/, the CLI, the desktop service and the store worker) is
// missing or older than the sources of this checkout. bin/cairn.js refuses such a build rather than
// run old code silently; scripts/start.ts rebuilds it. Plain JavaScript: it runs before any build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Why the build in `root` cannot be run as it is, or null when it can. */
export function staleBuild(root) {
  const built = statSync(join(root, 'dist', 'node', 'main.js'), { throwIfNoEntry: false });
  if (!built) return 'the CLI is not built (dist/node/main.js is missing)';
  // Without src/ (an installed package) the build is all there is. Folders count too: removing a
  // file changes its folder's time.
  if (!existsSync(join(root, 'src'))) return null;
  const sources = ['electron.config.ts', 'src', ...readdirSync(join(root, 'src'), { recursive: true }).map((f) => join('src', f))];
  const newer = sources.find((f) => statSync(join(root, f), { throwIfNoEntry: false })?.mtimeMs > built.mtimeMs);
  return newer ? `the built CLI is older than the sources (${newer} changed since the last build)` : null;
}
