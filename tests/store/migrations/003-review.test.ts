import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'rejected', 0, 0, '{}', '[]')`;
const FINDING = `INSERT INTO findings (session_id, source, detector, preview, location, actor, created_at) VALUES ('s', 'text', 'email', 'j•••', '{"fromSeq":1,"toSeq":4}', 'detector', 0)`;

describe('migration 003-review', () => {
  it('migrates a version 2 database with a session to version 3: a STRICT findings table and empty reviewer columns', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 2);
    db.exec(SESSION);
    expect(migrate(db, 3)).toEqual([3]);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'findings'`).pluck().get()).toBe(1);
    expect(db.prepare('SELECT id, state, reviewed_by, reviewed_at, review_reason FROM sessions').get()).toEqual({
      id: 's', state: 'rejected', reviewed_by: null, reviewed_at: null, review_reason: null,
    });
    db.close();
  });

  it('keeps one finding per place and detector, checks source and status, and drops findings with their session', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, 3);
    db.exec(SESSION);
    db.exec(FINDING);
    expect(db.prepare(`${FINDING} ON CONFLICT DO NOTHING`).run().changes).toBe(0);
    expect(() => db.exec(FINDING.replace("'text'", "'audio'"))).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE findings SET status = 'ignored'`)).toThrow(/CHECK/);
    db.exec(`DELETE FROM sessions WHERE id = 's'`);
    expect(db.prepare('SELECT count(*) FROM findings').pluck().get()).toBe(0);
    db.close();
  });
});
