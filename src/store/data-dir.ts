// Where Cairn keeps its data: --data-dir, else $CAIRN_DATA_DIR, else the OS's app-data folder; and
// whether a path lies in it (symlinks resolved), which decides what an erasure can reach and where
// an export may not go.
import fs from 'node:fs';
import { homedir } from 'node:os';
import path, { join } from 'node:path';
import type { PathUse } from './usable-path.ts';

/** How the data folder is checked before use (see usable-path.ts). */
export const DATA_FOLDER: PathUse = { what: 'data folder', kind: 'folder' };

export function resolveDataDir(option: string | undefined, env = process.env, platform = process.platform): string {
  if (option) return option;
  if (env.CAIRN_DATA_DIR) return env.CAIRN_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Cairn');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Cairn');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'cairn');
}

/** True when `p` is the data folder or lies inside it, also through a symlink, whether or not `p`
 *  exists yet. */
export function isInDataFolder(p: string, dataDir: string): boolean {
  const real = realpathOfNearest(path.resolve(p));
  const data = realpathOfNearest(path.resolve(dataDir));
  return real === data || real.startsWith(`${data}${path.sep}`);
}

/** The real path of `p`, resolving symlinks in the part of it that exists. */
function realpathOfNearest(p: string): string {
  let existing = p;
  const rest: string[] = [];
  while (!fs.existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(fs.realpathSync(existing), ...rest);
}
