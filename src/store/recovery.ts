// Crash recovery at start-up: a session still marked recording whose recorder process is gone was
// cut short; it becomes interrupted (kept as it was cut, reviewable like any other). A gap that a
// full disk kept the recorder from writing (see disk-reserve.ts) is recorded now.
import os from 'node:os';
import path from 'node:path';
import { readGapNote, removeGapNote } from './disk-reserve.ts';
import { applyAction, recordStopGap } from './session-repo.ts';
import type { Store } from './store.ts';

export type IsAlive = (pid: number, host: string) => boolean;

/** The recorder is alive if it ran on this host and a process with its pid still exists. */
export function isRecorderAlive(pid: number, host: string): boolean {
  if (host !== os.hostname()) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Returns the ids of the sessions it marked interrupted. */
export function recoverInterrupted(store: Store, isAlive: IsAlive = isRecorderAlive, actor = 'system'): string[] {
  const recording = store
    .prepare<[], { id: string; recorder_pid: number | null; recorder_host: string | null }>(
      `SELECT id, recorder_pid, recorder_host FROM sessions WHERE state = 'recording' ORDER BY started_at`,
    )
    .all();
  const recovered: string[] = [];
  for (const s of recording) {
    if (s.recorder_pid !== null && s.recorder_host !== null && isAlive(s.recorder_pid, s.recorder_host)) continue;
    applyAction(store, s.id, 'interrupt', { actor, reason: 'recorder process gone' });
    recovered.push(s.id);
  }
  applyGapNote(store);
  return recovered;
}

/** Records the gap a full disk left as a note, if any. Never fails the start: on a disk still full
 *  the note waits for the next one. */
export function applyGapNote(store: Store): void {
  const dataDir = path.dirname(store.path);
  const note = readGapNote(dataDir);
  if (!note) return;
  try {
    const known = store.prepare<[string], { n: number }>('SELECT count(*) AS n FROM sessions WHERE id = ?').get(note.sessionId)!.n > 0;
    if (known) recordStopGap(store, note.sessionId, note);
    removeGapNote(dataDir);
  } catch {
    // Still no room (or a read-only store): tried again at the next start.
  }
}
