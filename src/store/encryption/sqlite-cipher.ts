// The one place a connection is given the store's key. SQLite3 Multiple Ciphers encrypts every
// page (and every frame of the write-ahead log) with ChaCha20-Poly1305; the key is a random
// 32-byte raw key, passed as a blob so no key derivation runs at each open.
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';

export const CIPHER = 'chacha20';

/** Must run before the connection reads anything. */
export function applyKey(db: Database.Database, key: Buffer | null): void {
  if (!key) return;
  db.pragma(`cipher = '${CIPHER}'`);
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** A connection to `file` with `key` applied (none for a plaintext store); closed again if the key
 *  cannot be applied. */
export function openDatabase(file: string, options: Database.Options, key: Buffer | null): Database.Database {
  const db = new Database(file, options);
  try {
    applyKey(db, key);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Rewrites every page with `key` (null: decrypts). SQLite3 Multiple Ciphers cannot rekey in WAL
 *  mode, so the log is checkpointed away first and WAL is switched back on after. */
export function rekey(db: Database.Database, key: Buffer | null): void {
  db.pragma('journal_mode = DELETE');
  db.pragma(`cipher = '${CIPHER}'`);
  db.pragma(key ? `rekey = "x'${key.toString('hex')}'"` : `rekey = ''`);
  db.pragma('journal_mode = WAL');
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True for a missing or empty file (a new database to SQLite) or one that starts with SQLite's
 *  plaintext magic; an encrypted database starts with its random salt instead. */
export function isPlaintextDatabase(file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw err;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, head, 0, head.length, 0);
    return read === 0 || (read === head.length && head.equals(SQLITE_HEADER));
  } finally {
    fs.closeSync(fd);
  }
}
