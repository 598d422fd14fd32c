// Schema version 9: the organisation's policy this machine runs under (works-council mode), as the
// signed file it received, checked before it was stored. One row at most: a newer policy replaces
// it. It narrows the person's app policies and retention (src/core/org-policy-narrowing.ts); it is
// the organisation's, not the person's data, so withdrawal leaves it in place.
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 9;
export const name = 'org-policy';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE org_policy (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      -- The signed file as received: {"policy": ..., "signatures": [...]}.
      file TEXT NOT NULL CHECK (json_valid(file)),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      -- Where it came from: the file's path or the service's URL.
      source TEXT NOT NULL,
      installed_at INTEGER NOT NULL
    ) STRICT;
  `);
}
