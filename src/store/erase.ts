// Erasing for real: deleting a session, the last N minutes, or everything (withdrawal). With
// secure_delete on, SQLite zeroes deleted content in the database file; afterwards the WAL is
// checkpointed and truncated so no older page image survives in the journal either, and every copy
// Cairn keeps in the data folder that may hold the content is erased (kept-copies.ts).
import { markWithdrawn } from './consent-repo.ts';
import { appendAudit } from './audit-log.ts';
import { type CopyElsewhere, eraseKeptCopies } from './kept-copies.ts';
import { applyAction } from './session-repo.ts';
import type { Store } from './store.ts';

export interface EraseCounts {
  events: number;
  frames: number;
  windows: number;
  /** False when another connection kept the WAL from being emptied; the next checkpoint will. */
  checkpointed: boolean;
}

export interface ForgetResult extends EraseCounts {
  /** Sessions left with nothing and therefore deleted. */
  deletedSessions: string[];
}

export interface WithdrawResult extends EraseCounts {
  sessions: number;
  policies: number;
  /** Backups and bundles written outside the data folder, which the person must delete. */
  copiesElsewhere: CopyElsewhere[];
}

export type TombstoneReason = 'deleted' | 'forgotten' | 'withdrawn';

export function deleteSession(store: Store, id: string, actor: string, at = Date.now()): EraseCounts {
  const counts = store.tx(() => {
    const counts = eraseContent(store, id);
    applyAction(store, id, 'delete', { actor, at });
    bury(store, id, 'deleted', at);
    appendAudit(store, { at, actor, action: 'session.erase', sessionId: id, detail: counts });
    return counts;
  });
  return { ...counts, checkpointed: settleErasure(store, [id], actor, at) };
}

/** Erases what was captured in the last `minutes` before `nowMs`, in every session. */
export function forgetLast(store: Store, minutes: number, nowMs: number, actor: string): ForgetResult {
  if (!(minutes > 0 && Number.isFinite(minutes))) {
    throw new RangeError(`Forgetting needs a positive number of minutes, not ${minutes}.`);
  }
  const cutoff = nowMs - minutes * 60_000;
  let touched: string[] = [];
  const result = store.tx(() => {
    const total = { events: 0, frames: 0, windows: 0 };
    const deletedSessions: string[] = [];
    const sessions = store
      .prepare<[number], { id: string; state: string; started_at: number }>(
        `SELECT id, state, started_at FROM sessions WHERE state != 'deleted' AND (ended_at IS NULL OR ended_at >= ?)`,
      )
      .all(cutoff);
    touched = sessions.map((s) => s.id);
    for (const s of sessions) {
      const fromT = cutoff - s.started_at;
      total.events += store.prepare('DELETE FROM events WHERE session_id = ? AND t >= ?').run(s.id, fromT).changes;
      total.frames += store.prepare('DELETE FROM frames WHERE session_id = ? AND t >= ?').run(s.id, fromT).changes;
      total.windows += store.prepare('DELETE FROM windows WHERE session_id = ? AND t >= ?').run(s.id, fromT).changes;
      // A live recording keeps its (now empty) session: the recorder is still writing to it.
      if (s.state !== 'recording' && isEmpty(store, s.id)) {
        eraseContent(store, s.id);
        applyAction(store, s.id, 'delete', { actor, at: nowMs, reason: 'forgotten' });
        bury(store, s.id, 'forgotten', nowMs);
        deletedSessions.push(s.id);
      }
    }
    appendAudit(store, { at: nowMs, actor, action: 'forget', detail: { minutes, ...total, deletedSessions: deletedSessions.length } });
    return { ...total, deletedSessions };
  });
  return { ...result, checkpointed: settleErasure(store, touched, actor, nowMs) };
}

/** Withdrawal: consent withdrawn, every session's content erased and tombstoned, policies cleared,
 *  and the file rebuilt (VACUUM) so no freed page keeps old bytes. */
export function withdrawAll(store: Store, at: number, actor: string): WithdrawResult {
  const result = store.tx(() => {
    markWithdrawn(store, at, actor);
    const total = { events: 0, frames: 0, windows: 0 };
    const sessions = store.prepare<[], { id: string; state: string }>('SELECT id, state FROM sessions').all();
    let erased = 0;
    for (const s of sessions) {
      const counts = eraseContent(store, s.id);
      total.events += counts.events;
      total.frames += counts.frames;
      total.windows += counts.windows;
      if (s.state === 'deleted') continue;
      applyAction(store, s.id, 'delete', { actor, at, reason: 'withdrawn' });
      bury(store, s.id, 'withdrawn', at);
      erased++;
    }
    const policies = store.prepare('DELETE FROM app_policies').run().changes;
    appendAudit(store, { at, actor, action: 'consent.withdraw-all', detail: { sessions: erased, ...total, policies } });
    return { ...total, sessions: erased, policies };
  });
  store.guard(() => store.db.exec('VACUUM'));
  const copies = store.tx(() => eraseKeptCopies(store, 'all', actor, at));
  return { ...result, checkpointed: checkpointTruncate(store), copiesElsewhere: copies.elsewhere };
}

/** Makes an erasure final: the WAL checkpointed and truncated (returns false when another
 *  connection kept it from being emptied), and the copies kept in the data folder that may hold
 *  content of `sessions` erased. Every erasure ends here, redactions included. */
export function settleErasure(store: Store, sessions: readonly string[], actor: string, at = Date.now()): boolean {
  store.tx(() => eraseKeptCopies(store, sessions, actor, at));
  return checkpointTruncate(store);
}

/** Copies the WAL into the database file and truncates it to zero bytes. */
export function checkpointTruncate(store: Store): boolean {
  const [row] = store.guard(() => store.db.pragma('wal_checkpoint(TRUNCATE)')) as { busy: number }[];
  return row?.busy === 0;
}

/** Deletes a session's captured content and the parts of its row that describe it. */
function eraseContent(store: Store, id: string): { events: number; frames: number; windows: number } {
  const events = store.prepare('DELETE FROM events WHERE session_id = ?').run(id).changes;
  const frames = store.prepare('DELETE FROM frames WHERE session_id = ?').run(id).changes;
  const windows = store.prepare('DELETE FROM windows WHERE session_id = ?').run(id).changes;
  // Redaction targets can quote the text they removed.
  store.prepare('DELETE FROM redactions WHERE session_id = ?').run(id);
  store.prepare(`UPDATE sessions SET layout_json = '{}', policies_json = '[]', dropped_json = '{}' WHERE id = ?`).run(id);
  return { events, frames, windows };
}

function isEmpty(store: Store, id: string): boolean {
  return !store
    .prepare<[string, string, string], number>(
      `SELECT EXISTS (SELECT 1 FROM events WHERE session_id = ?) OR EXISTS (SELECT 1 FROM frames WHERE session_id = ?)
         OR EXISTS (SELECT 1 FROM windows WHERE session_id = ?)`,
    )
    .pluck()
    .get(id, id, id);
}

/** Why a session was erased here (its tombstone's reason), or null when it has no tombstone. */
export function tombstoneReason(store: Store, id: string): TombstoneReason | null {
  return store.prepare<[string], TombstoneReason>('SELECT reason FROM tombstones WHERE session_id = ?').pluck().get(id) ?? null;
}

function bury(store: Store, id: string, reason: TombstoneReason, at: number): void {
  store
    .prepare(
      `INSERT INTO tombstones (session_id, deleted_at, reason, exported)
       VALUES (?, ?, ?, EXISTS (SELECT 1 FROM exports WHERE session_id = ?))
       ON CONFLICT (session_id) DO NOTHING`,
    )
    .run(id, at, reason, id);
}
