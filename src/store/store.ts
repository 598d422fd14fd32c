// An open Cairn store: one better-sqlite3 connection, its prepared statements (prepared once per
// store, on first use) and transactions whose SQLite failures surface as StoreErrors.
import type Database from 'better-sqlite3-multiple-ciphers';
import { toStoreError } from './store-error.ts';

export class Store {
  readonly db: Database.Database;
  readonly path: string;
  readonly readonly: boolean;
  /** The page key of an encrypted store (copies such as backups are made with it), else null. */
  readonly key: Buffer | null;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database, path: string, readonly: boolean, key: Buffer | null = null) {
    this.db = db;
    this.path = path;
    this.readonly = readonly;
    this.key = key;
  }

  /** The statement for `sql`, prepared the first time it is asked for. */
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.guard(() => this.db.prepare(sql));
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  /** Runs `fn` in a write transaction (BEGIN IMMEDIATE, so a busy database fails up front rather
   *  than half-way); inside another transaction it simply joins it. */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.guard(() => this.db.transaction(fn).immediate());
  }

  /** Runs `fn` in one read transaction (deferred: it takes no write lock), so that every read in
   *  it sees the same state of the store; inside another transaction it simply joins it. */
  read<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.guard(() => this.db.transaction(fn).deferred());
  }

  /** Runs `fn`, translating SQLite failures into StoreErrors. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw toStoreError(err, this.path);
    }
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
