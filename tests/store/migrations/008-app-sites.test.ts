import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/store/migrate.ts';
import { tempDir } from '../helpers.ts';

const POLICY = `INSERT INTO app_policies (app, display_name, allowed, keys, screens, titles, updated_at) VALUES ('chromium', 'Chromium', 1, 'full', 'on', 'keep', 0)`;

describe('migration 008-app-sites', () => {
  it('migrates a version 7 database with a policy to version 8: the policy is kept and has no sites (the whole app)', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    migrate(db, 7);
    db.exec(POLICY);
    expect(migrate(db, 8)).toEqual([8]);
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT app, display_name, allowed FROM app_policies').get()).toEqual({ app: 'chromium', display_name: 'Chromium', allowed: 1 });
    expect(db.prepare('SELECT count(*) FROM app_sites').pluck().get()).toBe(0);
    db.close();
  });

  it('keeps sites only of a stored app, once each, lower-case, and drops them with their app', () => {
    const db = new Database(path.join(tempDir(), 'cairn.db'));
    db.pragma('foreign_keys = ON');
    migrate(db, 8);
    db.exec(POLICY);
    db.exec(`INSERT INTO app_sites (app, site) VALUES ('chromium', 'mail.google.com'), ('chromium', 'http://127.0.0.1:8001')`);
    expect(() => db.exec(`INSERT INTO app_sites (app, site) VALUES ('chromium', 'mail.google.com')`)).toThrow(/UNIQUE/);
    expect(() => db.exec(`INSERT INTO app_sites (app, site) VALUES ('firefox', 'github.com')`)).toThrow(/FOREIGN KEY/);
    expect(() => db.exec(`INSERT INTO app_sites (app, site) VALUES ('chromium', 'Mail.Google.com')`)).toThrow(/CHECK/);
    expect(() => db.exec(`INSERT INTO app_sites (app, site) VALUES ('chromium', '')`)).toThrow(/CHECK/);
    db.exec(`DELETE FROM app_policies`);
    expect(db.prepare('SELECT count(*) FROM app_sites').pluck().get()).toBe(0);
    db.close();
  });
});
