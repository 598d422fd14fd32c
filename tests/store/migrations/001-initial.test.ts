import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SESSION_STATES } from '../../../src/shared/session-states.ts';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/store/migrations/index.ts';
import { tempDir } from '../helpers.ts';

function freshDb(): Database.Database {
  const db = new Database(path.join(tempDir(), 'cairn.db'));
  db.pragma('foreign_keys = ON');
  return db;
}

const TABLES = ['app_policies', 'audit', 'consent_acceptances', 'events', 'exports', 'frames', 'redactions', 'sessions', 'tombstones', 'windows'];

describe('migration 001-initial', () => {
  it('migrates an empty database (version 0) to version 1 with every table STRICT', () => {
    const db = freshDb();
    expect(schemaVersion(db)).toBe(0);
    expect(migrate(db, 1)).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all();
    expect(tables).toEqual(TABLES.map((name) => ({ name, strict: 1 })));
    db.close();
  });

  it('accepts exactly the states of the session state machine', () => {
    const db = freshDb();
    migrate(db, 1);
    const insert = db.prepare(
      `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES (?, ?, 0, 0, '{}', '[]')`,
    );
    for (const state of SESSION_STATES) insert.run(`s-${state}`, state);
    expect(() => insert.run('s-bogus', 'paused')).toThrow(/CHECK constraint/);
    db.close();
  });

  it('cascades a session row delete to its windows, events and frames', () => {
    const db = freshDb();
    migrate(db, 1);
    db.exec(`INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json) VALUES ('s', 'recorded', 0, 0, '{}', '[]');
      INSERT INTO windows VALUES ('s', 1, 0, 'xterm', 't', 0, 0, 1, 1);
      INSERT INTO events (session_id, seq, t, kind, window_seq, mods) VALUES ('s', 1, 0, 'mouse-move', 1, 0);
      INSERT INTO frames VALUES ('s', 1, 0, 1, 'click', 1, 1, 'png', 'x', x'00');
      DELETE FROM sessions WHERE id = 's';`);
    for (const t of ['windows', 'events', 'frames']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
    db.close();
  });

  it('is applied once: migrating an up-to-date database does nothing', () => {
    const db = freshDb();
    migrate(db);
    expect(migrate(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });

  it('rolls back a failing migration completely, leaving the version unchanged', () => {
    const db = freshDb();
    db.exec('CREATE TABLE audit (x INTEGER)'); // collides with 001's audit table
    expect(() => migrate(db, 1)).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'sessions'`).pluck().get()).toBe(0);
    db.close();
  });

  it('numbers the migrations 1, 2, 3... with no gap', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});
