// The one rule for every folder and file Cairn writes (the store, backups, repairs, damaged/,
// exports, bundles, the reserve): readable by the person alone, whatever the umask. The mode is
// given to mkdir(2) and open(2) as they create, so there is no moment when another user could open
// the file, as a chmod after the fact would leave; a umask can only take bits away from 0700/0600.
import fs from 'node:fs';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The group and other bits: none may be set on what Cairn writes. */
const SHARED_BITS = 0o077;

/** Makes `dir` and every missing parent 0700, one level at a time: Node's recursive mkdir loops
 *  forever on procfs (which answers ENOENT for a folder whose parent exists), so callers check a
 *  path they were given with usable-path.ts first and nothing here recurses. An existing folder is
 *  left as it is. */
export function makePrivateDir(dir: string): void {
  const missing: string[] = [];
  for (let p = path.resolve(dir); !fs.existsSync(p); p = path.dirname(p)) {
    missing.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of missing) {
    try {
      fs.mkdirSync(p, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      // Made meanwhile by another process: fine, as long as it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(p).isDirectory()) throw error;
    }
  }
}

/** For folders inside one makePrivateDir made (an export's subfolders). */
export async function makePrivateDirAsync(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates `file` empty and 0600, failing if it exists. For files that another library then fills:
 *  SQLite creates a database it is given 0644 (`VACUUM INTO`, a new file), but keeps the mode of an
 *  empty file that is already there, and gives its -wal and -shm the database's mode. */
export function createPrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
}

/** Writes `data` to `file`, creating it 0600 (an existing file keeps its mode and is replaced). */
export function writePrivateFileSync(file: string, data: string | Uint8Array): void {
  fs.writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
}

/** Writes a new file 0600; an existing one is never overwritten. */
export async function writeNewPrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(file, data, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}

/** Takes away the group and other bits of an existing folder (one an older Cairn, another tool or
 *  the person made with a wider mode). Returns the modes before and after, or null when it was
 *  private already. */
export function tightenFolder(dir: string): { from: number; to: number } | null {
  const from = fs.statSync(dir).mode & 0o777;
  if ((from & SHARED_BITS) === 0) return null;
  const to = from & ~SHARED_BITS;
  fs.chmodSync(dir, to);
  return { from, to };
}

/** "0755" */
export const formatMode = (mode: number): string => `0${(mode & 0o777).toString(8)}`;
