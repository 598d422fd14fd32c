// A store in memory, for code that must run the review layer (detectors, destructive redaction)
// over a session that lives elsewhere: the team service loads one session into it, works on it and
// reads the result back. Nothing of it touches a disk. Its `path` names a folder that is never
// created, so that what an erasure does beside a store file (kept copies, the damaged folder)
// finds nothing to do.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from './migrate.ts';
import { Store } from './store.ts';

export function openScratchStore(): Store {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return new Store(db, path.join(os.tmpdir(), `cairn-scratch-never-created-${randomUUID()}`, 'cairn.db'), false);
}
