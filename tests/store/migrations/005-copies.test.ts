import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const SESSION = `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'submitted', 0, 0, '{}', '[]')`;
const COPY = `INSERT INTO copies (kind, path, written_at, sessions_json) VALUES (?, ?, ?, ?)`;

describe('migration 005-copies', () => {
  it('migrates a version 4 database with a session to version 5: the session stays and the STRICT copies table starts empty', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 4);
    db.exec(SESSION);
    expect(migrate(db, 5)).toEqual([5]);
    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT id, state FROM sessions').all()).toEqual([{ id: 's', state: 'submitted' }]);
    expect(db.prepare(`SELECT strict FROM pragma_table_list WHERE name = 'copies'`).pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM copies').pluck().get()).toBe(0);
    db.close();
  });

  it('keeps a backup and a bundle with their sessions, and refuses another kind or sessions that are not a JSON array', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 5);
    db.prepare(COPY).run('backup', '/mnt/usb/cairn.db', 1000, '["s"]');
    db.prepare(COPY).run('bundle', '/home/me/s.cairn', 2000, '[]');
    expect(db.prepare('SELECT kind, path, written_at, sessions_json, erased_at FROM copies ORDER BY id').all()).toEqual([
      { kind: 'backup', path: '/mnt/usb/cairn.db', written_at: 1000, sessions_json: '["s"]', erased_at: null },
      { kind: 'bundle', path: '/home/me/s.cairn', written_at: 2000, sessions_json: '[]', erased_at: null },
    ]);
    expect(() => db.prepare(COPY).run('export', '/out', 1, '[]')).toThrow(/CHECK/);
    expect(() => db.prepare(COPY).run('backup', '/out', 1, 's')).toThrow(/CHECK/);
    expect(() => db.prepare(COPY).run('backup', '/out', 1, '{"s":1}')).toThrow(/CHECK/);
    db.close();
  });
});
