// Recovery of a damaged store: the damaged files are first set aside in <dataDir>/damaged/ (kept,
// never changed), then what SQLite can still read of a scratch copy of them becomes the new
// cairn.db — the whole database through VACUUM INTO when it reads cleanly, else every readable row
// of every table copied into a freshly migrated file, else an empty fresh store. An encrypted
// store is read and rebuilt with its own key: a repair never leaves a plaintext copy behind.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { DAMAGED_DIR, filesInUse, inspectJournal, type JournalDamage, setAside, type StoreFiles } from './damaged-files.ts';
import { openDatabase } from './encryption/sqlite-cipher.ts';
import { migrate } from './migrate.ts';
import { createPrivateFile } from './private-files.ts';
import { salvageTables } from './salvage-tables.ts';
import { nounFor } from '../shared/format.ts';
import { freeDiskBytes } from './storage-usage.ts';
import { StoreError } from './store-error.ts';

export type RecoveryMethod = 'whole' | 'salvaged' | 'fresh';

export interface Recovery {
  /** Where the damaged files now are. */
  keptAside: string[];
  method: RecoveryMethod;
  /** Rows in the new store by table (sessions, events, frames, …). */
  rows: Record<string, number>;
}

/** Sets the database and its journal aside and rebuilds cairn.db from what can be read of them.
 *  Refused up front when the disk cannot hold the scratch copy and the rebuilt store; should the
 *  rebuild fail all the same, the damaged files are put back where they were, so a failed repair
 *  never leaves an empty store in their place. */
export function recoverStore(dataDir: string, files: StoreFiles, key: Buffer | null): Recovery {
  assertRoomToRebuild(dataDir, files);
  const originals = [files.db, files.wal, files.shm].filter((f) => fs.existsSync(f));
  const keptAside = setAside(dataDir, originals);
  const scratch = fs.mkdtempSync(path.join(dataDir, DAMAGED_DIR, '.scratch-'));
  const building = `${files.db}.recovering`;
  let rebuilt = false;
  try {
    // SQLite may write to a database it opens (log replay, checkpoint): it only ever sees copies.
    const copy = path.join(scratch, 'cairn.db');
    for (const aside of keptAside) {
      if (aside.endsWith('-shm')) continue; // rebuilt by SQLite from the log
      fs.copyFileSync(aside, copy + (aside.endsWith('-wal') ? '-wal' : ''));
    }
    fs.rmSync(building, { force: true });
    const method = rebuild(copy, building, key);
    const rows = countRows(building, key);
    fs.renameSync(building, files.db);
    rebuilt = true;
    return { keptAside, method, rows };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(building, { force: true });
    if (!rebuilt) keptAside.forEach((aside, i) => fs.renameSync(aside, originals[i]!));
  }
}

/** A rebuild writes a scratch copy of the database and log, then the new database beside it. */
function assertRoomToRebuild(dataDir: string, files: StoreFiles): void {
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const needed = 2 * (size(files.db) + size(files.wal)) + 1024 * 1024;
  const free = freeDiskBytes(dataDir);
  if (free !== null && free < needed) {
    throw new StoreError(
      'full',
      `The store at ${files.db} needs a repair, which needs about ${formatMB(needed)} free, but the disk has ${formatMB(free)}; Cairn changed nothing, so free some space and run the command again.`,
    );
  }
}

const formatMB = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function rebuild(source: string, target: string, key: Buffer | null): RecoveryMethod {
  let old: Database.Database | undefined;
  try {
    old = openDatabase(source, { fileMustExist: true }, key);
    // VACUUM INTO builds the new file with this connection's secure_delete: without it, a page
    // that splits as the copy fills it keeps the bytes it gave away, where no later erasure looks.
    old.pragma('secure_delete = ON');
    old.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  } catch {
    old?.close();
    createFresh(target, key).close();
    return 'fresh';
  }
  try {
    // VACUUM INTO writes the copy with the source connection's cipher and key.
    createPrivateFile(target);
    old.prepare('VACUUM INTO ?').run(target);
    if (integrityOk(target, key)) return 'whole';
  } catch {
    // Unreadable pages: fall through to copying row by row.
  }
  fs.rmSync(target, { force: true });
  const fresh = createFresh(target, key);
  try {
    salvageTables(old, fresh);
    return 'salvaged';
  } finally {
    fresh.close();
    old.close();
  }
}

function createFresh(target: string, key: Buffer | null): Database.Database {
  createPrivateFile(target);
  const db = openDatabase(target, {}, key);
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

function integrityOk(file: string, key: Buffer | null): boolean {
  const db = openDatabase(file, { readonly: true }, key);
  try {
    return db.pragma('integrity_check', { simple: true }) === 'ok';
  } finally {
    db.close();
  }
}

function countRows(file: string, key: Buffer | null): Record<string, number> {
  const db = openDatabase(file, { readonly: true }, key);
  try {
    const tables = db
      .prepare<[], string>(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .pluck()
      .all();
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/** The one sentence for a damaged journal that was repaired as the store opened. */
export function journalRepairNote(damage: JournalDamage, dbPath: string, keptAside: string[], recovery?: Recovery): string {
  const name = path.basename(dbPath);
  const aside = keptAside.map((p) => path.relative(path.dirname(dbPath), p)).join(', ');
  switch (damage) {
    case 'shm-damaged':
      return `The shared-memory index ${name}-shm was damaged, so Cairn set it aside as ${aside} and SQLite rebuilt it from the write-ahead log; nothing was lost.`;
    case 'wal-missing':
      return `The write-ahead log ${name}-wal was missing (deleted outside Cairn), so changes not yet saved into ${name} may be lost; Cairn set the leftover ${name}-shm aside as ${aside} and opened ${name} as it is — check your latest sessions with \`cairn sessions\`.`;
    case 'wal-truncated':
      return `The write-ahead log ${name}-wal was cut short (a torn write or a damaged disk), so Cairn set the database and its log aside as ${aside} and rebuilt ${name} from every transaction the log still held whole (${summary(recovery)}); only a transaction cut in the middle is lost.`;
  }
}

/** "3 sessions, 1,200 events, 4 frames" */
export function summary(recovery: Recovery | undefined): string {
  const r = recovery?.rows ?? {};
  const n = (table: string, noun: string) => `${(r[table] ?? 0).toLocaleString('en-US')} ${nounFor(r[table] ?? 0, noun)}`;
  return `${n('sessions', 'session')}, ${n('events', 'event')}, ${n('frames', 'frame')}`;
}

export type RepairOutcome = { kind: 'healthy' } | { kind: 'in-use' } | { kind: 'missing' } | ({ kind: 'repaired' } & Recovery);

/** `cairn repair`: a database that passes `PRAGMA quick_check` (with a sound journal) is left as it
 *  is; any other is set aside and rebuilt from what can be read. Refused while a process uses it. */
export function repairStore(dataDir: string, files: StoreFiles, key: Buffer | null): RepairOutcome {
  if (!fs.existsSync(files.db)) return { kind: 'missing' };
  if (filesInUse(files)) return { kind: 'in-use' };
  if (!inspectJournal(files) && quickCheckOk(files.db, key)) return { kind: 'healthy' };
  return { kind: 'repaired', ...recoverStore(dataDir, files, key) };
}

function quickCheckOk(dbPath: string, key: Buffer | null): boolean {
  let db: Database.Database | undefined;
  try {
    // Read-only: closing a writable connection would checkpoint the log into a damaged file.
    db = openDatabase(dbPath, { readonly: true, fileMustExist: true }, key);
    return db.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
