// Schema version 5: the copies of the store's content that Cairn wrote as files (backups, bundles),
// so that a withdrawal can erase those in the data folder and name those elsewhere, which it cannot
// reach, for the person to delete. Exports are not copies here: they have their own table and leave
// tombstones for downstream purges.
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 5;
export const name = 'copies';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE copies (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('backup', 'bundle')),
      -- Absolute, as it was written.
      path TEXT NOT NULL,
      written_at INTEGER NOT NULL,
      -- The ids of the sessions whose content it holds, a JSON array.
      sessions_json TEXT NOT NULL CHECK (json_valid(sessions_json) AND json_type(sessions_json) = 'array'),
      -- When Cairn erased it (it lay in the data folder); null while it may still exist.
      erased_at INTEGER
    ) STRICT;
  `);
}
