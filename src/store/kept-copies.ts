// The copies of captured content that Cairn keeps beside the store, and how an erasure reaches
// them: the damaged files set aside in damaged/ (see damaged-files.ts), the backups and bundles it
// wrote into the data folder (copies-repo.ts), and, at a withdrawal, the disk reserve. Their bytes
// cannot be edited row by row like the database's, so a redaction, delete, forget or withdrawal
// erases the whole file: overwritten with zeros, flushed, then unlinked. Which sessions a damaged
// file holds is unknown, so every erasure erases them all. Copies written elsewhere are out of
// reach; they are returned, so that a withdrawal can name them for the person to delete.
import fs from 'node:fs';
import path from 'node:path';
import { appendAudit } from './audit-log.ts';
import { copiesNotErased, type CopyKind, markCopyErased } from './copies-repo.ts';
import { DAMAGED_DIR, storeFiles } from './damaged-files.ts';
import { isInDataFolder } from './data-dir.ts';
import { removeReserve } from './disk-reserve.ts';
import type { Store } from './store.ts';
import { StoreError } from './store-error.ts';

export interface CopyElsewhere {
  kind: CopyKind;
  path: string;
  writtenAt: number;
  sessions: string[];
  /** Whether the file is still at that path (false: deleted, moved, or on a drive not mounted now). */
  present: boolean;
}

export interface CopiesErased {
  damagedFiles: number;
  backups: number;
  bundles: number;
  /** Copies holding the sessions that lie outside the data folder, which Cairn does not touch. */
  elsewhere: CopyElsewhere[];
}

/** Erases every kept copy that may hold content of `sessions` ('all' for a withdrawal, which also
 *  removes the reserve) and returns what it erased and what it could not reach. */
export function eraseKeptCopies(store: Store, sessions: readonly string[] | 'all', actor: string, at = Date.now()): CopiesErased {
  const dataDir = path.dirname(store.path);
  const result: CopiesErased = { damagedFiles: eraseTree(path.join(dataDir, DAMAGED_DIR)), backups: 0, bundles: 0, elsewhere: [] };
  const own = new Set(Object.values(storeFiles(store.path)));
  const holds = (held: string[]) => sessions === 'all' || held.some((id) => sessions.includes(id));
  for (const copy of copiesNotErased(store).filter((c) => holds(c.sessions))) {
    if (!isInDataFolder(copy.path, dataDir)) {
      result.elsewhere.push({ kind: copy.kind, path: copy.path, writtenAt: copy.writtenAt, sessions: copy.sessions, present: fs.existsSync(copy.path) });
      continue;
    }
    // A backup put back in the store's place is the store now, never erased as a copy.
    if (!own.has(path.resolve(copy.path))) eraseFile(copy.path);
    markCopyErased(store, copy.id, at);
    result[copy.kind === 'backup' ? 'backups' : 'bundles']++;
  }
  const reserve = sessions === 'all' && removeReserve(dataDir);
  if (result.damagedFiles + result.backups + result.bundles > 0 || reserve) {
    const detail = { damagedFiles: result.damagedFiles, backups: result.backups, bundles: result.bundles, reserve };
    appendAudit(store, { at, actor, action: 'copies.erase', detail });
  }
  return result;
}

/** Erases every file under `dir` and then `dir` itself; returns the files erased. */
function eraseTree(dir: string): number {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let files = 0;
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files += eraseTree(full);
    else if (eraseFile(full)) files++;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return files;
}

const ZEROS = Buffer.alloc(1024 * 1024);

/** Overwrites a regular file with zeros and flushes it before unlinking it, so its old blocks do not
 *  go back to the file system holding the content (a copy-on-write or flash file system may still
 *  keep them, as for the database; see the README). A symlink is only unlinked. */
function eraseFile(file: string): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return false;
  }
  try {
    if (stat.isFile()) {
      const fd = fs.openSync(file, 'r+');
      try {
        for (let done = 0; done < stat.size; ) done += fs.writeSync(fd, ZEROS, 0, Math.min(ZEROS.length, stat.size - done), done);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
    fs.rmSync(file, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    throw new StoreError('io', `Cairn erased the content from the store but could not erase its copy ${file} (${code}); delete that file yourself.`, { cause: err });
  }
  return true;
}
