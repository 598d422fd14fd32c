// Where Cairn keeps its data: --data-dir, else $CAIRN_DATA_DIR, else the OS's app-data folder.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function resolveDataDir(option: string | undefined, env = process.env, platform = process.platform): string {
  if (option) return option;
  if (env.CAIRN_DATA_DIR) return env.CAIRN_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Cairn');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Cairn');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'cairn');
}
