// Schema version 11: a frame may be a step's observation, read just before the step ('before') or
// settled after it ('after'), as the recorder's observation ring stores them (src/recorder/
// step-observations.ts). SQLite cannot alter a CHECK, so the frames table is rebuilt with its rows
// and seqs unchanged; the old reasons stay valid for sessions recorded before. Dropping the old
// table deletes what cascades from it (a frame's element tree, schema 10), and foreign keys cannot
// be turned off inside the migration's transaction: those rows are set aside in the database (not in
// a temporary file outside the data folder) and put back once the new table has every frame.
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 11;
export const name = 'frame-observations';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE elements_v11 AS SELECT * FROM elements WHERE frame_seq IS NOT NULL;
    CREATE TABLE frames_v11 (
      session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      t REAL NOT NULL,
      window_seq INTEGER NOT NULL,
      reason TEXT NOT NULL CHECK (reason IN ('before', 'after', 'focus', 'periodic', 'click', 'typing')),
      width INTEGER NOT NULL,
      height INTEGER NOT NULL,
      format TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      bytes BLOB NOT NULL,
      PRIMARY KEY (session_id, seq)
    ) STRICT;
    INSERT INTO frames_v11 (session_id, seq, t, window_seq, reason, width, height, format, sha256, bytes)
      SELECT session_id, seq, t, window_seq, reason, width, height, format, sha256, bytes FROM frames;
    DROP TABLE frames;
    ALTER TABLE frames_v11 RENAME TO frames;
    INSERT INTO elements SELECT * FROM elements_v11;
    DROP TABLE elements_v11;
  `);
}
