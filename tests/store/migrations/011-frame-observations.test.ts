import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s1', 'recorded', 0, 0, '{}', '[]')`;

function frame(seq: number, reason: string): string {
  return `INSERT INTO frames (session_id, seq, t, window_seq, reason, width, height, format, sha256, bytes)
    VALUES ('s1', ${seq}, ${seq * 100}.5, 1, '${reason}', 10, 20, 'webp', '${'a'.repeat(64)}', x'0102${seq.toString(16).padStart(2, '0')}')`;
}

describe('migration 011-frame-observations', () => {
  it('migrates a version 10 database with frames to version 11: every frame kept byte for byte, the old reasons still valid, and the element trees of frames kept', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    // As the store opens it: the frames' element trees would cascade away with the old table.
    db.pragma('foreign_keys = ON');
    migrate(db, 10);
    db.exec(SESSION);
    ['click', 'typing', 'focus', 'periodic'].forEach((reason, i) => db.exec(frame(i + 1, reason)));
    db.exec(`INSERT INTO elements (session_id, seq, t, kind, frame_seq, window_seq, source, role, name, states, path, tree)
      VALUES ('s1', 1, 200.5, 'tree', 2, 1, 'atspi', 'frame', 'Editor', '[]', '[]', '[]')`);
    const before = db.prepare('SELECT * FROM frames ORDER BY seq').all();
    const elements = db.prepare('SELECT * FROM elements').all();
    expect(() => db.exec(frame(9, 'before'))).toThrow(/CHECK/);
    expect(migrate(db, 11)).toEqual([11]);
    expect(schemaVersion(db)).toBe(11);
    expect(db.prepare('SELECT * FROM frames ORDER BY seq').all()).toEqual(before);
    expect(db.prepare('SELECT * FROM elements').all()).toEqual(elements);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%_v11'").all()).toEqual([]);
    // The tree still goes with its frame.
    db.exec('DELETE FROM frames WHERE seq = 2');
    expect(db.prepare('SELECT count(*) FROM elements').pluck().get()).toBe(0);
    db.close();
  });

  it("takes a step's observations ('before', 'after'), refuses an unknown reason, and drops frames with their session", () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, 11);
    db.exec(SESSION);
    db.exec(frame(1, 'before'));
    db.exec(frame(2, 'after'));
    expect(() => db.exec(frame(3, 'during'))).toThrow(/CHECK/);
    expect(() => db.exec(frame(2, 'after'))).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare('SELECT reason FROM frames ORDER BY seq').pluck().all()).toEqual(['before', 'after']);
    db.exec(`DELETE FROM sessions`);
    expect(db.prepare('SELECT count(*) FROM frames').pluck().get()).toBe(0);
    db.close();
  });
});
