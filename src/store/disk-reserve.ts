// Room to say that a full disk cut a recording short. A recording keeps a small reserve file in the
// data folder; a full disk may refuse even the one-row update that records the gap, so the recorder
// then gives the reserve's space back, writing in its place a note of the gap, and records the gap
// in that room. Should even that fail (another process took the space first), the note stays and
// the next start's recovery applies it. The reserve is made again when the next recording starts.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writePrivateFileSync } from './private-files.ts';
import type { StopReason } from './session-repo.ts';

export const RESERVE_FILE = 'cairn.reserve';
/** Enough for the gap, the stop transition and its audit row many times over (a few WAL frames of 4 KB each). */
export const RESERVE_BYTES = 512 * 1024;

/** A gap that could not be written into the database yet. `at` omitted: the session's last flush. */
export interface GapNote {
  sessionId: string;
  reason: StopReason;
  detail: string;
  at?: number;
}

const reservePath = (dataDir: string): string => path.join(dataDir, RESERVE_FILE);

/**
 * Makes sure the reserve is in the data folder. Best effort: on a disk too full for it, recording
 * goes on without (the storage guard and the pre-recording check normally stop that earlier). A
 * note still waiting for recovery is left alone. Random bytes rather than zeros: a compressing or
 * deduplicating file system (btrfs, ZFS) would store zeros in no space at all, freeing none later.
 */
export function keepReserve(dataDir: string): void {
  const file = reservePath(dataDir);
  const size = sizeOf(file);
  if (size !== null && (size >= RESERVE_BYTES || readGapNote(dataDir))) return;
  try {
    writePrivateFileSync(file, randomBytes(RESERVE_BYTES));
  } catch {
    fs.rmSync(file, { force: true });
  }
}

/** Frees the reserve's space, leaving the note in its place (truncating comes before the write). */
export function spendReserve(dataDir: string, note: GapNote): void {
  const file = reservePath(dataDir);
  try {
    writePrivateFileSync(file, JSON.stringify(note));
  } catch {
    // Not even the note fits (or there was no reserve): at least free what there is.
    fs.rmSync(file, { force: true });
  }
}

/** Frees the reserve, where it is still whole, for one more write that must land on a full disk
 *  (a recording's stop); a note in its place is left for recovery. Returns whether space was freed. */
export function giveBackReserve(dataDir: string): boolean {
  const size = sizeOf(reservePath(dataDir));
  if (size === null || size < RESERVE_BYTES) return false;
  fs.rmSync(reservePath(dataDir), { force: true });
  return true;
}

/** The note a spent reserve holds, or null (no file, the reserve itself, or no readable note). */
export function readGapNote(dataDir: string): GapNote | null {
  const file = reservePath(dataDir);
  const size = sizeOf(file);
  if (size === null || size === 0 || size >= RESERVE_BYTES) return null;
  try {
    const note = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GapNote>;
    return typeof note.sessionId === 'string' && typeof note.reason === 'string' && typeof note.detail === 'string' ? (note as GapNote) : null;
  } catch {
    return null;
  }
}

export function removeGapNote(dataDir: string): void {
  if (readGapNote(dataDir)) fs.rmSync(reservePath(dataDir), { force: true });
}

/** Removes the reserve or its note, for a withdrawal: no recording runs after one, and the next
 *  recording makes the reserve again. Returns whether there was one. */
export function removeReserve(dataDir: string): boolean {
  const had = sizeOf(reservePath(dataDir)) !== null;
  fs.rmSync(reservePath(dataDir), { force: true });
  return had;
}

function sizeOf(file: string): number | null {
  try {
    return fs.statSync(file).size;
  } catch {
    return null;
  }
}
