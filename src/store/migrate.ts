// Brings a database up to a schema version, one numbered migration per transaction, recording the
// version reached in PRAGMA user_version.
import type Database from 'better-sqlite3-multiple-ciphers';
import { LATEST_VERSION, MIGRATIONS } from './migrations/index.ts';
import { StoreError } from './store-error.ts';

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations after the database's version up to `to` (default: the latest). Returns
 *  the versions applied. */
export function migrate(db: Database.Database, to: number = LATEST_VERSION): number[] {
  const from = schemaVersion(db);
  if (from > LATEST_VERSION) {
    throw new StoreError(
      'newer',
      `The database at ${db.name} was written by a newer Cairn (schema ${from}, this one knows up to ${LATEST_VERSION}); update Cairn to open it.`,
    );
  }
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > to) continue;
    db.transaction(() => {
      // Another process may have migrated while this one waited for the write lock.
      if (schemaVersion(db) >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
