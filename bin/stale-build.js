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
  for (const file of ['electron.config.ts', 'src']) {
    if (statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs > built.mtimeMs) return changed(file);
  }
  const newer = newerUnder(root, 'src', built.mtimeMs);
  return newer ? changed(newer) : null;
}

function changed(file) {
  return `the built CLI is older than the sources (${file} changed since the last build)`;
}

/** The first entry under `dir` (relative to `root`) changed after `since`, or undefined. Walks with
 *  one readdir per folder: Node's `readdirSync(…, { recursive: true })` took ~17 ms of the ~230 ms a
 *  short command costs, this ~3 ms (every command of a checkout runs it). */
function newerUnder(root, dir, since) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (statSync(join(root, path), { throwIfNoEntry: false })?.mtimeMs > since) return path;
    if (entry.isDirectory()) {
      const newer = newerUnder(root, path, since);
      if (newer) return newer;
    }
  }
  return undefined;
}
