// Turning encryption at rest on and off for a data folder's store, and saying whether it is on.
// Both rewrite every page of the database in one SQLite transaction, with the log checkpointed
// away first, so no page is left in its old form in cairn.db or its -wal. Refused while any process
// (a recording, the app, `cairn serve`) has the store open: it could not follow the change.
import { randomUUID, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { DAMAGED_DIR, filesInUse, storeFiles } from '../damaged-files.ts';
import { DB_FILE, openStore, type OpenStoreOptions } from '../open-store.ts';
import { StoreError } from '../store-error.ts';
import { readMarker, removeMarker, writeMarker } from './encryption-marker.ts';
import { type KeyStore, osKeyStore } from './key-store.ts';
import { CIPHER, isPlaintextDatabase, openDatabase, rekey } from './sqlite-cipher.ts';
import { KEY_BYTES, storeKeyFor } from './store-key.ts';

export interface EncryptionStatus {
  /** Whether cairn.db's pages are encrypted now. */
  encrypted: boolean;
  /** 'off', 'on', or an enable / disable still running or cut short. */
  state: 'off' | 'on' | 'enabling' | 'disabling';
  /** e.g. "chacha20" (ChaCha20-Poly1305, SQLite3 Multiple Ciphers), when encrypted. */
  cipher: string | null;
  /** Where the key is held, when encrypted: "the Secret Service (…)". */
  keyStore: string | null;
  account: string | null;
  /** Files set aside by `cairn repair` before encryption was turned on: still plaintext. */
  plaintextLeftovers: string[];
}

export interface EncryptionOptions {
  keyStore?: KeyStore;
  report?: (sentence: string) => void;
}

export function encryptionStatus(dataDir: string, keyStore: KeyStore = osKeyStore()): EncryptionStatus {
  const marker = readMarker(dataDir);
  const encrypted = marker !== null && !isPlaintextDatabase(path.join(path.resolve(dataDir), DB_FILE));
  return {
    encrypted,
    state: marker?.state ?? 'off',
    cipher: marker ? CIPHER : null,
    keyStore: marker ? keyStore.name : null,
    account: marker?.account ?? null,
    plaintextLeftovers: encrypted ? plaintextLeftovers(dataDir) : [],
  };
}

/** Encrypts the store (creating it first if there is none) with a new random key, which is saved
 *  in the OS secret store and read back before a single page changes. Finishes an enable that was
 *  cut short. */
export function enableEncryption(dataDir: string, options: EncryptionOptions = {}): EncryptionStatus {
  const keyStore = options.keyStore ?? osKeyStore();
  const dbPath = path.join(path.resolve(dataDir), DB_FILE);
  const marker = readMarker(dataDir);
  if (marker?.state === 'on') throw new StoreError('io', `The store at ${dbPath} is already encrypted; \`cairn encryption status\` says where its key is.`);
  if (marker?.state === 'disabling') throw new StoreError('io', `An earlier \`cairn encryption disable\` has not finished; run it again first.`);
  const account = marker?.account ?? `store-${randomUUID()}`;
  // Asked first, so an absent or locked secret store is reported before anything is created.
  let key = keyStore.read(account);
  // Brings the store to the current schema (and repairs a torn log) before it is rewritten; a
  // resumed enable finds it done already.
  if (!marker) openStore(dataDir, storeOptions(keyStore, options)).close();
  assertNotInUse(dbPath);
  const plaintext = isPlaintextDatabase(dbPath);
  if (!key && !plaintext) throw new StoreError('key-unavailable', `The store at ${dbPath} was encrypted by an enable that was cut short, and its key ${account} is not in ${keyStore.name}; Cairn changed nothing.`);
  if (!key) {
    key = randomBytes(KEY_BYTES);
    keyStore.write(account, key);
    if (!keyStore.read(account)?.equals(key)) {
      throw new StoreError('key-unavailable', `${keyStore.name} did not give back the key Cairn saved in it, so the store was left unencrypted and unchanged; check that it is unlocked and writable.`);
    }
  }
  const note = { format: 1, cipher: CIPHER, keyStore: 'os', account, since: new Date().toISOString() } as const;
  if (plaintext) {
    writeMarker(dataDir, { ...note, state: 'enabling' });
    withConnection(dbPath, null, (db) => rekey(db, key));
  }
  writeMarker(dataDir, { ...note, state: 'on' });
  verify(dataDir, keyStore, options);
  return encryptionStatus(dataDir, keyStore);
}

/** Decrypts the store in place and deletes its key from the OS secret store. Finishes a disable
 *  that was cut short. */
export function disableEncryption(dataDir: string, options: EncryptionOptions = {}): EncryptionStatus {
  const keyStore = options.keyStore ?? osKeyStore();
  const dbPath = path.join(path.resolve(dataDir), DB_FILE);
  const marker = readMarker(dataDir);
  if (!marker) throw new StoreError('io', `The store at ${dbPath} is not encrypted; there is nothing to turn off.`);
  if (marker.state === 'enabling') throw new StoreError('io', `An earlier \`cairn encryption enable\` has not finished; run it again first.`);
  if (marker.state === 'on') openStore(dataDir, storeOptions(keyStore, options)).close();
  assertNotInUse(dbPath);
  if (!isPlaintextDatabase(dbPath)) {
    const key = storeKeyFor(dataDir, dbPath, { keyStore, report: () => undefined });
    writeMarker(dataDir, { ...marker, state: 'disabling' });
    withConnection(dbPath, key, (db) => rekey(db, null));
  }
  removeMarker(dataDir);
  keyStore.remove(marker.account);
  verify(dataDir, keyStore, options);
  return encryptionStatus(dataDir, keyStore);
}

function storeOptions(keyStore: KeyStore, options: EncryptionOptions): OpenStoreOptions {
  return { keyStore, ...(options.report ? { onRepair: options.report } : {}) };
}

function assertNotInUse(dbPath: string): void {
  if (filesInUse(storeFiles(dbPath))) {
    throw new StoreError('locked', `The store at ${dbPath} is open in another process (a recording, the Cairn app or \`cairn serve\`); stop it, then try again.`);
  }
}

function withConnection(dbPath: string, key: Buffer | null, fn: (db: Database.Database) => void): void {
  const db = openDatabase(dbPath, { fileMustExist: true }, key);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

function verify(dataDir: string, keyStore: KeyStore, options: EncryptionOptions): void {
  const store = openStore(dataDir, storeOptions(keyStore, options));
  try {
    const check = store.db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new StoreError('corrupt', `The store at ${store.path} failed its integrity check after being rewritten (${String(check)}); run \`cairn repair\`.`);
  } finally {
    store.close();
  }
}

/** Set-aside databases with SQLite's plaintext header, and the logs set aside with them. A log's
 *  own header is plaintext in an encrypted store too (only its frames are encrypted), so a log is
 *  judged by its database (same name without `-wal`); a -shm holds no rows. */
function plaintextLeftovers(dataDir: string): string[] {
  const dir = path.join(path.resolve(dataDir), DAMAGED_DIR);
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile() && fs.statSync(file).size > 0);
  const databases = new Set(files.filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm') && isPlaintextDatabase(f)));
  return files.filter((f) => databases.has(f) || (f.endsWith('-wal') && databases.has(f.slice(0, -'-wal'.length))));
}
