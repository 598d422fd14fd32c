import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { recordAcceptance } from '../../src/store/consent-repo.ts';
import { openStore, StoreError } from '../../src/store/open-store.ts';
import { LATEST_VERSION } from '../../src/store/migrations/index.ts';
import { open, tempDataDir } from './helpers.ts';

function expectStoreError(fn: () => unknown, code: StoreError['code']): StoreError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe(code);
    return err as StoreError;
  }
  throw new Error(`expected a StoreError '${code}', nothing was thrown`);
}

describe('openStore', () => {
  it('creates a private data dir and a migrated database with WAL, secure_delete and foreign keys in force', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir);
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dataDir, 'cairn.db')).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(2000);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
  });

  it('reopens an existing store without touching its data', () => {
    const dataDir = tempDataDir();
    const first = openStore(dataDir);
    recordAcceptance(first, { version: '1', sha256: 'b'.repeat(64), at: 1 });
    first.close();
    const again = open(dataDir);
    expect(again.db.prepare('SELECT count(*) FROM consent_acceptances').pluck().get()).toBe(1);
  });

  it('reports a garbage cairn.db as corrupt in one sentence and leaves its bytes untouched', () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir);
    const dbPath = path.join(dataDir, 'cairn.db');
    const garbage = Buffer.from('this is not a database at all, just some text '.repeat(100));
    fs.writeFileSync(dbPath, garbage);
    const err = expectStoreError(() => openStore(dataDir), 'corrupt');
    expect(err.message).toBe(
      `The database at ${dbPath} is damaged (corrupt, or not an SQLite file) and Cairn left it untouched; if it was encrypted, its encryption.json note is missing, so put that back first, else run \`cairn repair\` to set it aside in the damaged folder and recover what is readable into a new store.`,
    );
    expect(fs.readFileSync(dbPath).equals(garbage)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual(['cairn.db']);
  });

  it('reports a database whose pages are damaged behind a valid header as corrupt, unchanged', () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir);
    const dbPath = path.join(dataDir, 'cairn.db');
    // A rollback-journal database: switching it to WAL would rewrite its header, which must not happen.
    const foreign = new Database(dbPath);
    foreign.exec(`CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('${'x'.repeat(5000)}')`);
    foreign.close();
    const bytes = fs.readFileSync(dbPath);
    // Keep the 100-byte header, wreck the schema page behind it.
    bytes.fill(0xa5, 100, Math.min(bytes.length, 4096));
    fs.writeFileSync(dbPath, bytes);
    expectStoreError(() => openStore(dataDir), 'corrupt');
    expect(fs.readFileSync(dbPath).equals(bytes)).toBe(true);
  });

  it('reports a database held by another connection as locked', () => {
    const dataDir = tempDataDir();
    fs.mkdirSync(dataDir);
    const dbPath = path.join(dataDir, 'cairn.db');
    // Another process created the file (rollback journal) and holds it exclusively.
    const other = new Database(dbPath);
    other.exec('CREATE TABLE t (x INTEGER)');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const err = expectStoreError(() => openStore(dataDir, { busyTimeoutMs: 100 }), 'locked');
      expect(err.message).toBe(
        `The database at ${dbPath} is locked by another Cairn process; wait for it to finish or stop it, then try again.`,
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('reports a write that waits on another writer of a WAL store as locked', () => {
    const dataDir = tempDataDir();
    const store = open(dataDir, { busyTimeoutMs: 100 });
    const other = new Database(path.join(dataDir, 'cairn.db'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      expectStoreError(() => recordAcceptance(store, { version: '1', sha256: 'c'.repeat(64), at: 1 }), 'locked');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('opens read-only without creating anything, and refuses to create a missing store read-only', () => {
    const dataDir = tempDataDir();
    expectStoreError(() => openStore(dataDir, { readonly: true }), 'not-found');
    expect(fs.existsSync(dataDir)).toBe(false);
    openStore(dataDir).close();
    const ro = open(dataDir, { readonly: true });
    expectStoreError(() => recordAcceptance(ro, { version: '1', sha256: 'd'.repeat(64), at: 1 }), 'readonly');
  });

  it('refuses a database written by a newer Cairn', () => {
    const dataDir = tempDataDir();
    const store = openStore(dataDir);
    store.db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    store.close();
    const err = expectStoreError(() => openStore(dataDir), 'newer');
    expect(err.message).toMatch(/newer Cairn.*update Cairn/);
  });
});
