// At start-up, before the first request: removes what a crash left behind in the blob folder. A
// blob no row names (written by an upload whose transaction never committed, or left by an erasure
// or a redaction cut short), a key whose session is erased or was never stored or that a redaction
// replaced, staged bytes of an upload that was completed, and half-written temp files. Run by one service at a time (see README).
import type { Db } from '../db/pool.ts';
import { liveReferences } from '../db/sessions-repo.ts';
import { openUploadIds } from '../db/uploads-repo.ts';
import type { ServerStorage } from './server-storage.ts';
import { sessionKeyName, uploadKeyName } from './key-files.ts';
import fs from 'node:fs';

export interface SweepCounts {
  blobs: number;
  keys: number;
  uploads: number;
}

export async function sweepOrphans(db: Db, storage: ServerStorage): Promise<SweepCounts> {
  const { blobs: referenced, sessions } = await liveReferences(db);
  const open = await openUploadIds(db);
  const counts = { blobs: 0, keys: 0, uploads: 0 };
  for (const id of storage.staging.ids()) {
    if (open.has(id)) continue;
    await storage.staging.remove(id);
    counts.uploads++;
  }
  const keep = new Set([...[...sessions].map(([id, generation]) => sessionKeyName(id, generation)), ...[...open].map(uploadKeyName)]);
  for (const name of storage.keys.names()) {
    if (keep.has(name)) continue;
    await storage.keys.destroy(name);
    counts.keys++;
  }
  const { blobs, partial } = storage.blobs.list();
  for (const blob of blobs) {
    if (referenced.has(blob)) continue;
    storage.blobs.remove(blob);
    counts.blobs++;
  }
  for (const file of partial) fs.rmSync(file, { force: true });
  return counts;
}
