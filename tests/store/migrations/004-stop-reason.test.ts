import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json, reviewed_by) VALUES ('s', 'approved', 0, 0, '{}', '[]', 'rita')`;

describe('migration 004-stop-reason', () => {
  it('migrates a version 3 database with a session to version 4: the session keeps its columns and has no stop gap', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 3);
    db.exec(SESSION);
    expect(migrate(db, 4)).toEqual([4]);
    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT id, state, reviewed_by, stop_reason, stop_detail, stopped_at FROM sessions').get()).toEqual({
      id: 's', state: 'approved', reviewed_by: 'rita', stop_reason: null, stop_detail: null, stopped_at: null,
    });
    db.close();
  });

  it('takes the three stop reasons and refuses any other', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 4);
    db.exec(SESSION);
    for (const reason of ['disk-full', 'low-disk', 'storage-budget']) {
      db.prepare(`UPDATE sessions SET stop_reason = ?, stopped_at = 41000`).run(reason);
      expect(db.prepare('SELECT stop_reason FROM sessions').pluck().get()).toBe(reason);
    }
    expect(() => db.exec(`UPDATE sessions SET stop_reason = 'bored'`)).toThrow(/CHECK/);
    expect(() => db.exec(`UPDATE sessions SET stopped_at = 'soon'`)).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });
});
