import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

describe('migration 002-settings', () => {
  it('migrates a version 1 database with data to version 2, adding an empty STRICT settings table and keeping the rows', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 1);
    db.exec(`INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'recorded', 0, 0, '{}', '[]')`);
    expect(migrate(db, 2)).toEqual([2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'settings'`).pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    expect(db.prepare('SELECT id FROM sessions').pluck().all()).toEqual(['s']);
    db.close();
  });

  it('keeps one row per key', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 2);
    db.prepare(`INSERT INTO settings VALUES ('retentionDays', '7', 0)`).run();
    expect(() => db.prepare(`INSERT INTO settings VALUES ('retentionDays', '8', 0)`).run()).toThrow(/UNIQUE/);
    db.close();
  });
});
