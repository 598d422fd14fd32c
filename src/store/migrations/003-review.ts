// Schema version 3: the review layer. Findings that detectors (or reviewers) raise on a session, and
// the reviewer's decision on the session row. A finding's preview is masked and its location points
// at seqs and boxes, so no row here ever holds the flagged content itself.
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 3;
export const name = 'review';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE findings (
      id INTEGER PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      source TEXT NOT NULL CHECK (source IN ('text', 'title', 'frame')),
      detector TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'redacted', 'waived')),
      preview TEXT NOT NULL,
      location TEXT NOT NULL,
      reason TEXT,
      actor TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      resolved_at INTEGER,
      UNIQUE (session_id, source, detector, location)
    ) STRICT;
    CREATE INDEX findings_open ON findings (session_id, status);

    ALTER TABLE sessions ADD COLUMN reviewed_by TEXT;
    ALTER TABLE sessions ADD COLUMN reviewed_at INTEGER;
    ALTER TABLE sessions ADD COLUMN review_reason TEXT;
  `);
}
