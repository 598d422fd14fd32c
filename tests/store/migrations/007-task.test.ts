import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'submitted', 0, 0, '{}', '[]')`;
const FINDING = (source: string) =>
  `INSERT INTO findings (session_id, source, detector, status, preview, location, reason, actor, created_at, claim)
   VALUES ('s', '${source}', 'email', 'waived', 'a***@b.c', '{"windowSeq":1}', 'fine', 'rita', 5, '{"status":"open"}')`;

describe('migration 007-task', () => {
  it('migrates a version 6 database: the session has no task yet and its findings keep every column and id', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 6);
    db.exec(SESSION);
    db.exec(FINDING('title'));
    const before = db.prepare('SELECT * FROM findings').all();
    expect(migrate(db, 7)).toEqual([7]);
    expect(schemaVersion(db)).toBe(7);
    expect(db.prepare('SELECT task FROM sessions').pluck().get()).toBeNull();
    expect(db.prepare('SELECT * FROM findings').all()).toEqual(before);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'findings' AND name = 'findings_open'`).pluck().get()).toBe('findings_open');
    db.close();
  });

  it('takes a finding on the task, still refuses an unknown source, and still cascades with its session', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 7);
    db.pragma('foreign_keys = ON');
    db.exec(SESSION);
    db.exec(`UPDATE sessions SET task = 'Rename the report'`);
    db.exec(FINDING('task'));
    expect(db.prepare('SELECT source FROM findings').pluck().get()).toBe('task');
    expect(() => db.exec(FINDING('clipboard'))).toThrow(/CHECK/);
    db.exec(`DELETE FROM sessions`);
    expect(db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(0);
    db.close();
  });
});
