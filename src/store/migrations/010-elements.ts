// Schema version 10: the element acted on and the window's tree at each observation (see
// src/core/element-info.ts). A click's or a key's element goes with its event, a tree with its
// frame: deleting either (a cut, forget, a deleted session, withdrawal) deletes the element with
// it, so no erasure has to know about elements. Names are text from the screen: the detectors scan
// them, and findings gain the source 'element' (SQLite cannot alter a CHECK, so the findings table
// is rebuilt with its rows, ids and index unchanged). The session keeps its counts of elements
// stored and missed, by reason.
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 10;
export const name = 'elements';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE elements (
      session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      t REAL NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('click', 'focus', 'tree')),
      event_seq INTEGER,
      frame_seq INTEGER,
      window_seq INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('atspi', 'extension')),
      role TEXT NOT NULL CHECK (length(role) <= 64),
      name TEXT CHECK (length(name) <= 256),
      states TEXT NOT NULL CHECK (json_valid(states)),
      x INTEGER,
      y INTEGER,
      width INTEGER,
      height INTEGER,
      path TEXT NOT NULL CHECK (json_valid(path)),
      tag TEXT CHECK (length(tag) <= 32),
      selector TEXT CHECK (length(selector) <= 1024),
      -- A password field (its keys were dropped; its click is kept).
      password INTEGER NOT NULL DEFAULT 0 CHECK (password IN (0, 1)),
      -- Only a tree's: its nodes (bounded, see TREE_LIMITS), as JSON.
      tree TEXT CHECK (tree IS NULL OR json_valid(tree)),
      PRIMARY KEY (session_id, seq),
      FOREIGN KEY (session_id, event_seq) REFERENCES events (session_id, seq) ON DELETE CASCADE,
      FOREIGN KEY (session_id, frame_seq) REFERENCES frames (session_id, seq) ON DELETE CASCADE,
      CHECK (CASE kind WHEN 'tree' THEN frame_seq IS NOT NULL AND event_seq IS NULL AND tree IS NOT NULL
                       ELSE event_seq IS NOT NULL AND frame_seq IS NULL AND tree IS NULL END)
    ) STRICT;
    -- What the cascades from events and frames look up.
    CREATE INDEX elements_by_event ON elements (session_id, event_seq);
    CREATE INDEX elements_by_frame ON elements (session_id, frame_seq);

    ALTER TABLE sessions ADD COLUMN element_counts TEXT CHECK (element_counts IS NULL OR json_valid(element_counts));

    CREATE TABLE findings_v10 (
      id INTEGER PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      source TEXT NOT NULL CHECK (source IN ('text', 'title', 'frame', 'task', 'element')),
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
    INSERT INTO findings_v10 (id, session_id, source, detector, status, preview, location, reason, actor, created_at, resolved_at, claim)
      SELECT id, session_id, source, detector, status, preview, location, reason, actor, created_at, resolved_at, claim FROM findings;
    DROP TABLE findings;
    ALTER TABLE findings_v10 RENAME TO findings;
    CREATE INDEX findings_open ON findings (session_id, status);
  `);
}
