// Encryption at rest, on real SQLite files: the pages really are encrypted by SQLite3 Multiple
// Ciphers (checked on the bytes of every file), with the key in an in-memory key store so that
// each failure of the key can be staged. The real Secret Service is in
// tests/integration/encryption-keyring.test.ts.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { backupStore } from '../../src/store/backup.ts';
import { recoverStore } from '../../src/store/damage-recovery.ts';
import { setAside, storeFiles } from '../../src/store/damaged-files.ts';
import { MARKER_FILE, readMarker, writeMarker } from '../../src/store/encryption/encryption-marker.ts';
import { disableEncryption, enableEncryption, encryptionStatus } from '../../src/store/encryption/store-encryption.ts';
import { openStore, StoreError } from '../../src/store/open-store.ts';
import { setPolicy } from '../../src/store/policy-repo.ts';
import { filesContaining, folderDigest } from '../helpers/disk-bytes.ts';
import { MemoryKeyStore } from '../helpers/memory-key-store.ts';
import type { Store } from '../../src/store/store.ts';
import { tempDataDir } from './helpers.ts';

const SECRET_CLASS = 'ZephyrSecretApp7';
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function seeded(keyStore = new MemoryKeyStore()): { dataDir: string; keyStore: MemoryKeyStore } {
  const dataDir = tempDataDir();
  const store = openStore(dataDir, { keyStore });
  allow(store, SECRET_CLASS);
  store.close();
  return { dataDir, keyStore };
}

function allow(store: Store, app: string): void {
  setPolicy(store, { app, allowed: true, keys: 'full', screens: 'on', titles: 'keep' }, { actor: 'test', sensitiveConfirmed: false, at: 1_000 });
}

function classes(dataDir: string, keyStore: MemoryKeyStore): string[] {
  const store = openStore(dataDir, { keyStore });
  try {
    return store.db.prepare<[], string>('SELECT display_name FROM app_policies').pluck().all();
  } finally {
    store.close();
  }
}


function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

const head = (file: string) => fs.readFileSync(file).subarray(0, 16);

describe('encryption at rest', () => {
  it('rewrites every page: after enable no file of the folder holds a stored value or SQLite\'s plaintext header', () => {
    const { dataDir, keyStore } = seeded();
    // The check below can see plaintext: before enable the value is on disk.
    expect(filesContaining(dataDir, SECRET_CLASS)).not.toEqual([]);

    const status = enableEncryption(dataDir, { keyStore });

    expect(status).toMatchObject({ encrypted: true, state: 'on', cipher: 'chacha20', keyStore: 'the test key store' });
    expect(filesContaining(dataDir, SECRET_CLASS)).toEqual([]);
    expect(head(path.join(dataDir, 'cairn.db')).equals(SQLITE_MAGIC)).toBe(false);
    expect(keyStore.keys.get(status.account!)?.length).toBe(32);
    // The note names where the key is and holds no key.
    const note = fs.readFileSync(path.join(dataDir, MARKER_FILE), 'utf8');
    expect(note).toContain(status.account!);
    expect(note).not.toContain(keyStore.keys.get(status.account!)!.toString('hex'));
    expect(classes(dataDir, keyStore)).toEqual([SECRET_CLASS]);
  });

  it('keeps new writes, their write-ahead log included, encrypted', () => {
    const { dataDir, keyStore } = seeded();
    enableEncryption(dataDir, { keyStore });
    const store = openStore(dataDir, { keyStore });
    allow(store, 'LaterSecretApp9');
    // Still open: the row is in cairn.db-wal only.
    expect(fs.statSync(path.join(dataDir, 'cairn.db-wal')).size).toBeGreaterThan(0);
    expect(filesContaining(dataDir, 'LaterSecretApp9')).toEqual([]);
    store.close();
    expect(filesContaining(dataDir, 'LaterSecretApp9')).toEqual([]);
    expect(classes(dataDir, keyStore).sort()).toEqual(['LaterSecretApp9', SECRET_CLASS]);
  });

  it('refuses to open, changing nothing, when the key is gone, the key store cannot be reached, or the key is wrong', () => {
    const { dataDir, keyStore } = seeded();
    const { account } = enableEncryption(dataDir, { keyStore });
    const before = folderDigest(dataDir);
    const key = keyStore.keys.get(account!)!;

    keyStore.reachable = false;
    const unreachable = storeError(() => openStore(dataDir, { keyStore }));
    expect(unreachable.code).toBe('key-unavailable');

    keyStore.reachable = true;
    keyStore.keys.delete(account!);
    const gone = storeError(() => openStore(dataDir, { keyStore }));
    expect(gone.code).toBe('key-unavailable');
    expect(gone.message).toContain(account!);

    keyStore.keys.set(account!, Buffer.alloc(32, 7));
    const wrong = storeError(() => openStore(dataDir, { keyStore }));
    expect(wrong.code).toBe('key-mismatch');

    expect(folderDigest(dataDir)).toEqual(before);
    keyStore.keys.set(account!, key);
    expect(classes(dataDir, keyStore)).toEqual([SECRET_CLASS]);
  });

  it('without its note an encrypted store is refused as unreadable, and the message says to put the note back', () => {
    const { dataDir, keyStore } = seeded();
    enableEncryption(dataDir, { keyStore });
    fs.renameSync(path.join(dataDir, MARKER_FILE), path.join(dataDir, '..', 'note.json'));
    const before = folderDigest(dataDir);
    const err = storeError(() => openStore(dataDir, { keyStore }));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain(`${MARKER_FILE} note is missing`);
    expect(folderDigest(dataDir)).toEqual(before);
  });

  it('refuses a damaged or foreign encryption note in one sentence, changing nothing', () => {
    const { dataDir, keyStore } = seeded();
    enableEncryption(dataDir, { keyStore });
    for (const note of ['{', '{"format":2}', JSON.stringify({ ...readMarker(dataDir), account: '../../etc/passwd' })]) {
      fs.writeFileSync(path.join(dataDir, MARKER_FILE), note);
      const before = folderDigest(dataDir);
      const err = storeError(() => openStore(dataDir, { keyStore }));
      expect(err.code).toBe('corrupt');
      expect(err.message).toMatch(/encryption\.json is not a valid Cairn encryption note, so Cairn cannot tell where the store's key is and changed nothing; restore the file from a backup\.$/);
      expect(folderDigest(dataDir)).toEqual(before);
    }
  });

  it('refuses to enable, changing nothing, when the key store cannot be reached or the store is open elsewhere', () => {
    const { dataDir, keyStore } = seeded();
    const before = folderDigest(dataDir);
    keyStore.reachable = false;
    expect(storeError(() => enableEncryption(dataDir, { keyStore })).code).toBe('key-unavailable');
    expect(folderDigest(dataDir)).toEqual(before);

    keyStore.reachable = true;
    const other = new Database(path.join(dataDir, 'cairn.db'));
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM sessions').get();
    try {
      expect(storeError(() => enableEncryption(dataDir, { keyStore })).code).toBe('locked');
    } finally {
      other.close();
    }
    expect(readMarker(dataDir)).toBeNull();
    expect(keyStore.keys.size).toBe(0);
    expect(filesContaining(dataDir, SECRET_CLASS)).not.toEqual([]);
  });

  it('makes backups and repairs with the same key: neither leaves a plaintext copy', () => {
    const { dataDir, keyStore } = seeded();
    enableEncryption(dataDir, { keyStore });
    const out = path.join(dataDir, '..', 'backup.db');
    const store = openStore(dataDir, { keyStore });
    try {
      expect(backupStore(store, out).sessions).toBe(0);
    } finally {
      store.close();
    }
    expect(head(out).equals(SQLITE_MAGIC)).toBe(false);
    expect(fs.readFileSync(out).includes(SECRET_CLASS)).toBe(false);

    const recovery = recoverStore(dataDir, storeFiles(path.join(dataDir, 'cairn.db')), keyStore.keys.values().next().value!);
    expect(recovery.method).toBe('whole');
    expect(recovery.rows.app_policies).toBe(1);
    expect(filesContaining(dataDir, SECRET_CLASS)).toEqual([]);
    expect(classes(dataDir, keyStore)).toEqual([SECRET_CLASS]);
  });

  it('finishes an enable cut short before the rewrite: the store opens as plaintext meanwhile, and says so', () => {
    const { dataDir, keyStore } = seeded();
    writeMarker(dataDir, { format: 1, cipher: 'chacha20', keyStore: 'os', account: 'store-00000000-0000-4000-8000-000000000001', state: 'enabling', since: 'x' });
    const notes: string[] = [];
    const store = openStore(dataDir, { keyStore, onRepair: (s) => notes.push(s) });
    store.close();
    expect(notes.join(' ')).toMatch(/store is NOT encrypted for now/);
    expect(encryptionStatus(dataDir, keyStore)).toMatchObject({ encrypted: false, state: 'enabling' });

    expect(enableEncryption(dataDir, { keyStore })).toMatchObject({ encrypted: true, state: 'on', account: 'store-00000000-0000-4000-8000-000000000001' });
    expect(filesContaining(dataDir, SECRET_CLASS)).toEqual([]);
    expect(classes(dataDir, keyStore)).toEqual([SECRET_CLASS]);
  });

  it('turns encryption off again: plaintext pages, no note, the key deleted from the key store', () => {
    const { dataDir, keyStore } = seeded();
    enableEncryption(dataDir, { keyStore });
    expect(disableEncryption(dataDir, { keyStore })).toMatchObject({ encrypted: false, state: 'off' });
    expect(keyStore.keys.size).toBe(0);
    expect(fs.existsSync(path.join(dataDir, MARKER_FILE))).toBe(false);
    expect(head(path.join(dataDir, 'cairn.db')).equals(SQLITE_MAGIC)).toBe(true);
    expect(classes(dataDir, keyStore)).toEqual([SECRET_CLASS]);
  });

  it('names the plaintext files an earlier repair set aside, which encryption does not reach', () => {
    const { dataDir, keyStore } = seeded();
    const copy = path.join(dataDir, 'old.db');
    fs.copyFileSync(path.join(dataDir, 'cairn.db'), copy);
    const [aside] = setAside(dataDir, [copy]);
    const status = enableEncryption(dataDir, { keyStore });
    expect(status.plaintextLeftovers).toEqual([aside]);
  });

  it('does not name a log set aside from the encrypted store, whose header alone is plaintext', () => {
    const { dataDir, keyStore } = seeded();
    enableEncryption(dataDir, { keyStore });
    const store = openStore(dataDir, { keyStore });
    allow(store, 'LaterSecretApp9');
    const copies = ['', '-wal'].map((suffix) => {
      const copy = path.join(dataDir, `later.db${suffix}`);
      fs.copyFileSync(path.join(dataDir, `cairn.db${suffix}`), copy);
      return copy;
    });
    store.close();
    const asideWal = setAside(dataDir, copies)[1]!;
    expect(fs.readFileSync(asideWal).readUInt32BE(0) >>> 1).toBe(0x377f0682 >>> 1); // a log's plaintext magic
    expect(encryptionStatus(dataDir, keyStore).plaintextLeftovers).toEqual([]);
  });
});
