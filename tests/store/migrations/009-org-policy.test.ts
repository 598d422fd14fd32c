import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const ROW = `INSERT INTO org_policy (id, file, sha256, source, installed_at) VALUES (1, '{"policy":{},"signatures":[]}', '${'a'.repeat(64)}', 'p.json', 0)`;

describe('migration 009-org-policy', () => {
  it('migrates a version 8 database with a policy to version 9: the app policy is kept and no organisation policy is in force', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 8);
    db.exec(`INSERT INTO app_policies (app, display_name, allowed, keys, screens, titles, updated_at) VALUES ('xterm', 'XTerm', 1, 'full', 'on', 'keep', 0)`);
    expect(migrate(db, 9)).toEqual([9]);
    expect(schemaVersion(db)).toBe(9);
    expect(db.prepare('SELECT count(*) FROM app_policies').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM org_policy').pluck().get()).toBe(0);
    db.close();
  });

  it('holds one policy at most, as valid JSON with its sha256', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 9);
    db.exec(ROW);
    expect(() => db.exec(ROW.replace('VALUES (1,', 'VALUES (2,'))).toThrow(/CHECK/);
    expect(() => db.exec(ROW)).toThrow(/UNIQUE|PRIMARY/);
    db.exec('DELETE FROM org_policy');
    expect(() => db.exec(ROW.replace(`'{"policy":{},"signatures":[]}'`, `'not json'`))).toThrow(/CHECK/);
    expect(() => db.exec(ROW.replace(`'${'a'.repeat(64)}'`, `'abc'`))).toThrow(/CHECK/);
    db.close();
  });
});
