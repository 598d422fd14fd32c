// Opens (creating if needed) the Cairn store in a data directory: <dataDir>/cairn.db in WAL mode
// with secure_delete and foreign keys on, migrated to the latest schema. A damaged or foreign
// database is reported, never modified (`cairn repair` sets it aside and recovers it); a torn or
// missing write-ahead log and a garbage -shm are repaired on open, the damaged files kept aside.
// An encrypted store (see encryption/) opens with its key from the OS secret store, or not at all.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { journalRepairNote, recoverStore } from './damage-recovery.ts';
import { filesInUse, inspectJournal, setAside, storeFiles } from './damaged-files.ts';
import { appendAudit } from './audit-log.ts';
import { MARKER_FILE } from './encryption/encryption-marker.ts';
import { type KeyStore, osKeyStore } from './encryption/key-store.ts';
import { isPlaintextDatabase, openDatabase } from './encryption/sqlite-cipher.ts';
import { storeKeyFor } from './encryption/store-key.ts';
import { migrate, schemaVersion } from './migrate.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { formatMode, makePrivateDir, PRIVATE_FILE_MODE, tightenFolder } from './private-files.ts';
import { Store } from './store.ts';
import { MESSAGES, StoreError, toStoreError } from './store-error.ts';
import { DATA_FOLDER } from './data-dir.ts';
import { assertUsablePath } from './usable-path.ts';

export { Store } from './store.ts';
export { StoreError } from './store-error.ts';

export const DB_FILE = 'cairn.db';

export interface OpenStoreOptions {
  readonly?: boolean;
  /** How long a statement waits for another process's lock before failing as 'locked'. */
  busyTimeoutMs?: number;
  /** Told, in one sentence, what was repaired as the store opened (default: stderr, `cairn: …`). */
  onRepair?: (sentence: string) => void;
  /** Where an encrypted store's key is read from (default: the OS secret store). */
  keyStore?: KeyStore;
}

const reportToStderr = (sentence: string): void => void process.stderr.write(`cairn: ${sentence}\n`);

export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  const readonly = options.readonly ?? false;
  const dbPath = path.join(path.resolve(dataDir), DB_FILE);
  const report = options.onRepair ?? reportToStderr;
  let key: Buffer | null;
  try {
    if (!readonly && fs.existsSync(dataDir) && fs.statSync(dataDir).isDirectory()) assertWritableFolder(dataDir);
    if (!readonly) assertUsablePath(dataDir, DATA_FOLDER);
    key = storeKeyFor(dataDir, dbPath, { keyStore: options.keyStore ?? osKeyStore(), report });
    prepareFile(dataDir, dbPath, readonly, key !== null);
    if (!readonly) repairJournal(dataDir, dbPath, key, report);
  } catch (err) {
    throw toStoreError(err, dbPath);
  }
  let db: Database.Database | undefined;
  try {
    db = openDatabase(dbPath, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? 2000 }, key);
    // Read before any write: a damaged header or schema (or a wrong key) fails here, with the file
    // untouched.
    readSchema(db, dbPath, key !== null);
    configure(db, readonly);
    if (readonly) checkReadonlyVersion(db, dbPath);
    else migrate(db);
    const store = new Store(db, dbPath, readonly, key);
    if (!readonly) makeFolderPrivate(store, report);
    return store;
  } catch (err) {
    db?.close();
    throw toStoreError(err, dbPath);
  }
}

function readSchema(db: Database.Database, dbPath: string, encrypted: boolean): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch (err) {
    if (encrypted && (err as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new StoreError('key-mismatch', `The encrypted store at ${dbPath} cannot be read with the key its ${MARKER_FILE} names — the key was replaced or the file is damaged — so Cairn changed nothing; restore the key or the file from a backup.`, { cause: err });
    }
    throw err;
  }
}

function prepareFile(dataDir: string, dbPath: string, readonly: boolean, encrypted: boolean): void {
  const exists = fs.existsSync(dbPath);
  if (!exists && readonly) {
    throw new StoreError('not-found', `There is no Cairn database at ${dbPath} yet; run a command that creates it first, or check --data-dir.`);
  }
  if (!exists) {
    makePrivateDir(dataDir);
    // Created empty and private first, so SQLite's -wal and -shm inherit the same 0600 mode.
    fs.closeSync(fs.openSync(dbPath, 'a', PRIVATE_FILE_MODE));
    return;
  }
  if (!encrypted && !isPlaintextDatabase(dbPath)) {
    throw new StoreError(
      'corrupt',
      `The database at ${dbPath} is damaged (corrupt, or not an SQLite file) and Cairn left it untouched; if it was encrypted, its ${MARKER_FILE} note is missing, so put that back first, else run \`cairn repair\` to set it aside in the damaged folder and recover what is readable into a new store.`,
    );
  }
}

/** A data folder that other users can enter (made by an older Cairn, by hand, or under a wide
 *  umask) is made 0700, said once (after that it is private) and kept in the audit log, which the
 *  app's My data screen shows. Done once the store opened: a refused open changes nothing. */
function makeFolderPrivate(store: Store, report: (sentence: string) => void): void {
  const dataDir = path.dirname(store.path);
  let changed: ReturnType<typeof tightenFolder>;
  try {
    changed = tightenFolder(dataDir);
  } catch {
    // Someone else's folder, shared with this user: Cairn may use it but not change its mode.
    report(`The data folder ${dataDir} can be read by other users and Cairn may not change that (it is not yours); move the data to a folder of your own with --data-dir.`);
    return;
  }
  if (!changed) return;
  const [from, to] = [formatMode(changed.from), formatMode(changed.to)];
  report(`The data folder ${dataDir} could be read by other users (mode ${from}), so Cairn made it private to you (mode ${to}).`);
  appendAudit(store, { at: Date.now(), actor: 'system', action: 'store.folder-private', detail: { from, to } });
}

/** Checked before SQLite is involved: on a read-only folder it would open the file read-only and
 *  fail later, half-way through a command. */
function assertWritableFolder(dataDir: string): void {
  try {
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch {
    throw new StoreError('readonly', MESSAGES.readonly(path.join(path.resolve(dataDir), DB_FILE)));
  }
}

/** A torn or missing log, or a garbage -shm, left by a crash, a full disk or a hand outside
 *  Cairn: repaired before SQLite opens the files, unless some process has them open. */
function repairJournal(dataDir: string, dbPath: string, key: Buffer | null, report: (sentence: string) => void): void {
  const files = storeFiles(dbPath);
  // Asked first, and without opening the files: closing any descriptor of a file drops every POSIX
  // lock this process holds on it, so reading a -shm that a connection here (another thread, the
  // service) has open would silently release SQLite's locks and corrupt its view of the log.
  if (filesInUse(files)) return;
  const damage = inspectJournal(files);
  if (!damage) return;
  if (damage === 'wal-truncated') {
    const recovery = recoverStore(dataDir, files, key);
    report(journalRepairNote(damage, dbPath, recovery.keptAside, recovery));
  } else {
    report(journalRepairNote(damage, dbPath, setAside(dataDir, [files.shm])));
  }
}

function configure(db: Database.Database, readonly: boolean): void {
  // Setting the journal mode rewrites the header, so it is done only when it is not WAL already.
  if (!readonly && db.pragma('journal_mode', { simple: true }) !== 'wal') {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError('io', `The database at ${db.name} cannot use write-ahead logging (journal mode stayed ${String(mode)}); move it to a local disk.`);
  }
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
}

function checkReadonlyVersion(db: Database.Database, dbPath: string): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) migrate(db); // throws the 'newer' error
  if (version < LATEST_VERSION) {
    throw new StoreError('readonly', `The database at ${dbPath} has an older schema (${version}, current ${LATEST_VERSION}) and was opened read-only; open it once without read-only to upgrade it.`);
  }
}
