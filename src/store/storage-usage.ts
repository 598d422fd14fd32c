// How much room the store takes and how much the disk under it has left: the figures the storage
// budget and the minimum free disk are checked against, and the counts "My data" shows.
import fs from 'node:fs';
import type { Store } from './store.ts';

/** Bytes of the database in use: its pages minus the free ones, so deleting sessions frees budget
 *  at once, without waiting for a VACUUM to shrink the file. */
export function storeBytes(store: Store): number {
  const pragma = (name: string) => store.guard(() => store.db.pragma(name, { simple: true }) as number);
  return (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
}

/** How many sessions (not counting deleted ones), events, frames and tombstones the store holds. */
export function storedCounts(store: Store): { sessions: number; events: number; frames: number; tombstones: number } {
  const count = (sql: string) => store.prepare<[], number>(sql).pluck().get() ?? 0;
  return {
    sessions: count(`SELECT count(*) FROM sessions WHERE state != 'deleted'`),
    events: count('SELECT count(*) FROM events'),
    frames: count('SELECT count(*) FROM frames'),
    tombstones: count('SELECT count(*) FROM tombstones'),
  };
}

/** Free bytes for an unprivileged writer on the disk holding `dir`, or null when unknown. */
export function freeDiskBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}
