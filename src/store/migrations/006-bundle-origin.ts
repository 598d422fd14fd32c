// Schema version 6: what a bundle claimed, kept apart from what happened on this machine. Rows a
// bundle brings (its audit trail, its redaction records) carry their origin, 'bundle:<sha256 of its
// bundle.json>'; NULL means this machine. An imported finding arrives open, and what the bundle said
// of it (status, reason, who) is kept as its claim, never as a decision here.
import type Database from 'better-sqlite3-multiple-ciphers';

export const version = 6;
export const name = 'bundle-origin';

export function up(db: Database.Database): void {
  db.exec(`
    ALTER TABLE audit ADD COLUMN origin TEXT CHECK (origin GLOB 'bundle:*');
    ALTER TABLE redactions ADD COLUMN origin TEXT CHECK (origin GLOB 'bundle:*');
    -- JSON {origin, status, reason, actor, resolvedAt}: the finding as the bundle described it.
    ALTER TABLE findings ADD COLUMN claim TEXT CHECK (json_valid(claim));
  `);
}
