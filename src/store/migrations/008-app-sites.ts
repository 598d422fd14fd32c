// Schema version 8: the sites a browser app is allowed for. A browser app with rows here is
// recorded only on those sites; without any, the whole app (every site). Sites are stored as
// src/shared/site-origin.ts normalises them, and go with their app's policy row (withdrawal,
// which clears the policies, clears them too).
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 8;
export const name = 'app-sites';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE app_sites (
      app TEXT NOT NULL REFERENCES app_policies (app) ON DELETE CASCADE,
      -- host[:port] or scheme://host[:port], lower-case, punycode, no default port, no path.
      site TEXT NOT NULL CHECK (length(site) BETWEEN 1 AND 300 AND site = lower(site)),
      PRIMARY KEY (app, site)
    ) STRICT, WITHOUT ROWID;
  `);
}
