// The store's files as they lie on disk before SQLite opens them: is the write-ahead log torn or
// gone, is the shared-memory index garbage, is any process using them, and how to set a damaged
// file aside in <dataDir>/damaged/ (moved, never overwritten, never deleted).
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir } from './private-files.ts';

export const DAMAGED_DIR = 'damaged';
export const WAL_HEADER = 32;
export const WAL_FRAME_HEADER = 24;
const SHM_VERSION = 3007000;

export type JournalDamage = 'wal-truncated' | 'wal-missing' | 'shm-damaged';

export interface StoreFiles {
  db: string;
  wal: string;
  shm: string;
}

export function storeFiles(dbPath: string): StoreFiles {
  return { db: dbPath, wal: `${dbPath}-wal`, shm: `${dbPath}-shm` };
}

/** What is wrong with the -wal / -shm next to an existing database, or null when nothing is. A torn
 *  log is one whose size is not a whole number of frames; a missing one is a leftover -shm without
 *  its log (SQLite removes the -shm before the -wal on a clean close, so this is a deleted log). */
export function inspectJournal(files: StoreFiles): JournalDamage | null {
  const walSize = sizeOf(files.wal);
  const shmSize = sizeOf(files.shm);
  if (walSize === null && shmSize !== null) return 'wal-missing';
  if (walSize !== null && walSize > 0) {
    const pageSize = walPageSize(files);
    if (walSize < WAL_HEADER || pageSize === null || (walSize - WAL_HEADER) % (pageSize + WAL_FRAME_HEADER) !== 0) {
      return 'wal-truncated';
    }
  }
  if (shmSize !== null && shmSize > 0 && !validShmHeader(files.shm)) return 'shm-damaged';
  return null;
}

/** True when any process (this one included) holds a lock on one of the files: SQLite keeps a
 *  lock on the -shm for as long as a connection is open. Linux only (/proc/locks); elsewhere it
 *  answers true, so nothing is ever moved under a running Cairn. */
export function filesInUse(files: StoreFiles): boolean {
  let locks: string;
  try {
    locks = fs.readFileSync('/proc/locks', 'utf8');
  } catch {
    return true;
  }
  const inodes = new Set(
    Object.values(files)
      .map((f) => sizeOf(f) !== null && fs.statSync(f).ino)
      .filter((ino): ino is number => typeof ino === 'number'),
  );
  return locks.split('\n').some((line) => {
    const device = line.trim().split(/\s+/)[5];
    const ino = Number(device?.split(':')[2]);
    return inodes.has(ino);
  });
}

/** Moves each existing file into <dataDir>/damaged/<stamp>-<name> and returns the new paths. The
 *  stamp is shared by the files of one incident; an existing name is never overwritten. */
export function setAside(dataDir: string, paths: string[], now = new Date()): string[] {
  const dir = path.join(dataDir, DAMAGED_DIR);
  makePrivateDir(dir);
  const present = paths.filter((p) => sizeOf(p) !== null);
  const stamp = uniqueStamp(dir, present, now);
  return present.map((p) => {
    const target = path.join(dir, `${stamp}-${path.basename(p)}`);
    fs.renameSync(p, target);
    return target;
  });
}

function uniqueStamp(dir: string, paths: string[], now: Date): string {
  const base = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const stamp = n ? `${base}-${n}` : base;
    if (paths.every((p) => !fs.existsSync(path.join(dir, `${stamp}-${path.basename(p)}`)))) return stamp;
  }
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}

/** The page size from the log's header, else from the database's (bytes 16–17; 1 means 65536). */
function walPageSize(files: StoreFiles): number | null {
  const fromWal = readAt(files.wal, 8, 4)?.readUInt32BE(0);
  if (fromWal && fromWal >= 512) return fromWal;
  const raw = readAt(files.db, 16, 2)?.readUInt16BE(0);
  if (raw === undefined) return null;
  return raw === 1 ? 65536 : raw;
}

/** The wal-index header is written twice (48 bytes each) and starts with SQLite's version 3007000;
 *  a header whose two copies differ or whose version is wrong is not SQLite's. */
function validShmHeader(shm: string): boolean {
  const head = readAt(shm, 0, 96);
  if (!head || head.length < 96) return false;
  const version = head.readUInt32LE(0) === SHM_VERSION || head.readUInt32BE(0) === SHM_VERSION;
  return version && head.subarray(0, 48).equals(head.subarray(48, 96));
}

function readAt(file: string, offset: number, length: number): Buffer | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(length);
    const n = fs.readSync(fd, buf, 0, length, offset);
    return buf.subarray(0, n);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
