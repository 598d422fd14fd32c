// Schema version 7: the task a session demonstrates ("Rename the report to Q3 draft"), what every
// export format carries as its instruction. It is text the person typed, so the detectors scan it
// like window titles: findings gain the source 'task' (SQLite cannot alter a CHECK, so the findings
// table is rebuilt with its rows, ids and index unchanged).
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 7;
export const name = 'task';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE sessions ADD COLUMN task TEXT;

    CREATE TABLE findings_v7 (
      id INTEGER PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      source TEXT NOT NULL CHECK (source IN ('text', 'title', 'frame', 'task')),
      detector TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'redacted', 'waived')),
      preview TEXT NOT NULL,
      location TEXT NOT NULL,
      reason TEXT,
      actor TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      resolved_at INTEGER,
      claim TEXT CHECK (json_valid(claim)),
      UNIQUE (session_id, source, detector, location)
    ) STRICT;
    INSERT INTO findings_v7 (id, session_id, source, detector, status, preview, location, reason, actor, created_at, resolved_at, claim)
      SELECT id, session_id, source, detector, status, preview, location, reason, actor, created_at, resolved_at, claim FROM findings;
    DROP TABLE findings;
    ALTER TABLE findings_v7 RENAME TO findings;
    CREATE INDEX findings_open ON findings (session_id, status);
  `);
}
