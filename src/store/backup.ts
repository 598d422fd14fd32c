// A backup of the store: one consistent snapshot written with SQLite's VACUUM INTO (a single read
// transaction, so a recorder can keep writing meanwhile), never a copy of the live file's bytes,
// which could catch a page half-written or miss what still sits in the write-ahead log. The backup
// of an encrypted store is encrypted with the same key (VACUUM INTO keeps the connection's cipher).
// Each backup is 0600 and is remembered (with the sessions it holds) so an erasure can reach it.
import fs from 'node:fs';
import path from 'node:path';
import { recordCopy, sessionsWithContent } from './copies-repo.ts';
import { openDatabase } from './encryption/sqlite-cipher.ts';
import { createPrivateFile, makePrivateDir } from './private-files.ts';
import type { Store } from './store.ts';
import { StoreError } from './store-error.ts';
import { assertUsablePath } from './usable-path.ts';

export interface BackupResult {
  file: string;
  bytes: number;
  sessions: number;
}

/** Writes a snapshot of `store` to `out` (which must not exist yet), checks it with
 *  `PRAGMA integrity_check`, and only then gives it its name. */
export function backupStore(store: Store, out: string): BackupResult {
  const file = assertUsablePath(out, { what: 'backup file', kind: 'new-file' });
  if (fs.existsSync(file)) {
    throw new StoreError('io', `${file} already exists; Cairn never overwrites a file with a backup, so choose a new name.`);
  }
  makePrivateDir(path.dirname(file));
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    createBackupFile(partial, file);
    store.guard(() => store.db.prepare('VACUUM INTO ?').run(partial));
    const copy = openDatabase(partial, { readonly: true }, store.key);
    let count: number;
    let sessions: string[];
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new StoreError('corrupt', `The backup written to ${partial} failed its integrity check (${String(check)}); the store may be damaged, run \`cairn repair\`.`);
      count = copy.prepare('SELECT count(*) FROM sessions').pluck().get() as number;
      sessions = sessionsWithContent(copy);
    } finally {
      copy.close();
    }
    fs.renameSync(partial, file);
    store.tx(() => recordCopy(store, { kind: 'backup', path: file, at: Date.now(), sessions }));
    return { file, bytes: fs.statSync(file).size, sessions: count };
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/** The empty, private file VACUUM INTO fills (created by SQLite, it would be 0644 less the umask). */
function createBackupFile(partial: string, file: string): void {
  try {
    createPrivateFile(partial);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'an error';
    throw new StoreError('io', `The backup cannot be written to ${file} (${code}); check that its folder exists and that you may write there.`, { cause: err });
  }
}
