// Schema version 4: why a recording stopped by itself and from when nothing was recorded (a gap), so
// a session cut by a full disk or the storage guard says so instead of looking merely short.
// Null on every session that stopped for any other reason (the person, a crash, a withdrawal).
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 4;
export const name = 'stop-reason';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE sessions ADD COLUMN stop_reason TEXT CHECK (stop_reason IN ('disk-full', 'low-disk', 'storage-budget'));
    -- The sentence the person was shown when it stopped.
    ALTER TABLE sessions ADD COLUMN stop_detail TEXT;
    -- Wall clock (unix ms), like started_at: nothing after this moment was recorded.
    ALTER TABLE sessions ADD COLUMN stopped_at INTEGER;
  `);
}
