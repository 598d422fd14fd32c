// Schema version 2: the person's settings (retention, storage budget, minimum free disk) as
// key/value rows, each value JSON. A missing key means the default (see store/settings-repo.ts).
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 2;
export const name = 'settings';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `);
}
