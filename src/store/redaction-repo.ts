// Redactions: the statements that erase content from a session (key codes, a title, a frame's image,
// a time range), the questions of what is left that settle findings, and the redactions row that
// records where a change was made. Which content to erase is decided in review/redaction/; each
// function here runs inside the transaction that review/redaction/destructive-change.ts opens,
// so a change, its row and its audit row are written together or not at all.
import type { Store } from './store.ts';

export type RedactionKind = 'box' | 'text' | 'title' | 'cut' | 'task' | 'element';

export interface NewRedaction {
  sessionId: string;
  kind: RedactionKind;
  /** Where the change was made, as JSON (seqs, a box, a time range): never what was there. */
  target: string;
  reason: string;
  actor: string;
  at: number;
}

export interface CutResult {
  events: number;
  frames: number;
  windows: number;
}

export interface SpanKeyEvent {
  seq: number;
  kind: 'key-down' | 'key-up';
  keycode: number | null;
}

export function recordRedaction(store: Store, r: NewRedaction): void {
  store
    .prepare('INSERT INTO redactions (session_id, kind, target, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(r.sessionId, r.kind, r.target, r.reason, r.actor, r.at);
}

/** The key-downs and key-ups with a seq in [fromSeq, toSeq], in order. */
export function keyEventsInSpan(store: Store, sessionId: string, fromSeq: number, toSeq: number): SpanKeyEvent[] {
  return store
    .prepare<[string, number, number], SpanKeyEvent>(
      `SELECT seq, kind, keycode FROM events WHERE session_id = ? AND seq BETWEEN ? AND ?
       AND kind IN ('key-down', 'key-up') ORDER BY seq`,
    )
    .all(sessionId, fromSeq, toSeq);
}

/** The seq of the first key-up of `keycode` after `seq`: the release of the key pressed at `seq`. */
export function releaseOf(store: Store, sessionId: string, seq: number, keycode: number): number | undefined {
  return store
    .prepare<[string, number, number], number>(
      `SELECT seq FROM events WHERE session_id = ? AND seq > ? AND kind = 'key-up' AND keycode = ? ORDER BY seq LIMIT 1`,
    )
    .pluck()
    .get(sessionId, seq, keycode);
}

/** The events at `seqs` keep only their time: key code NULL, modifiers 0. */
export function clearKeyCodes(store: Store, sessionId: string, seqs: Iterable<number>): void {
  const clear = store.prepare('UPDATE events SET keycode = NULL, mods = 0 WHERE session_id = ? AND seq = ?');
  for (const seq of seqs) clear.run(sessionId, seq);
}

export function deleteEvents(store: Store, sessionId: string, seqs: Iterable<number>): void {
  const remove = store.prepare('DELETE FROM events WHERE session_id = ? AND seq = ?');
  for (const seq of seqs) remove.run(sessionId, seq);
}

/** Erases the title of one window segment; returns how many segments changed (0: no such window). */
export function eraseTitle(store: Store, sessionId: string, windowSeq: number): number {
  return store.prepare('UPDATE windows SET title = NULL WHERE session_id = ? AND seq = ?').run(sessionId, windowSeq).changes;
}

/** Erases the session's task; returns how many sessions changed (0: no such session). */
export function eraseTask(store: Store, sessionId: string): number {
  return store.prepare('UPDATE sessions SET task = NULL WHERE id = ?').run(sessionId).changes;
}

/** Replaces a frame's stored image (the old bytes go: secure_delete zeroes the freed cells). */
export function replaceFrameImage(store: Store, sessionId: string, seq: number, image: { bytes: Buffer; sha256: string; format: string }): void {
  store
    .prepare('UPDATE frames SET bytes = ?, sha256 = ?, format = ? WHERE session_id = ? AND seq = ?')
    .run(image.bytes, image.sha256, image.format, sessionId, seq);
}

/** Deletes every event and frame with t in [fromMs, toMs], and each window segment in the range that
 *  nothing left refers to. Returns how many of each went. */
export function cutTimeRange(store: Store, sessionId: string, fromMs: number, toMs: number): CutResult {
  const events = store.prepare('DELETE FROM events WHERE session_id = ? AND t BETWEEN ? AND ?').run(sessionId, fromMs, toMs).changes;
  const frames = store.prepare('DELETE FROM frames WHERE session_id = ? AND t BETWEEN ? AND ?').run(sessionId, fromMs, toMs).changes;
  const windows = store
    .prepare(
      `DELETE FROM windows WHERE session_id = @id AND t BETWEEN @fromMs AND @toMs
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = @id AND e.window_seq = windows.seq)
         AND NOT EXISTS (SELECT 1 FROM frames f WHERE f.session_id = @id AND f.window_seq = windows.seq)`,
    )
    .run({ id: sessionId, fromMs, toMs }).changes;
  return { events, frames, windows };
}

/** How many key-downs in [fromSeq, toSeq] still have their key code. */
export function keyCodesLeft(store: Store, sessionId: string, fromSeq: number, toSeq: number): number {
  return store
    .prepare<[string, number, number], number>(
      `SELECT count(*) FROM events WHERE session_id = ? AND seq BETWEEN ? AND ? AND kind = 'key-down' AND keycode IS NOT NULL`,
    )
    .pluck()
    .get(sessionId, fromSeq, toSeq)!;
}

/** Whether the window segment still has its title. */
export function titleLeft(store: Store, sessionId: string, windowSeq: number): boolean {
  return store
    .prepare<[string, number], number>('SELECT count(*) FROM windows WHERE session_id = ? AND seq = ? AND title IS NOT NULL')
    .pluck()
    .get(sessionId, windowSeq)! > 0;
}

/** Whether the frame is still stored. */
export function frameLeft(store: Store, sessionId: string, seq: number): boolean {
  return store.prepare<[string, number], number>('SELECT count(*) FROM frames WHERE session_id = ? AND seq = ?').pluck().get(sessionId, seq)! > 0;
}

/** Whether the session still has a task. */
export function taskLeft(store: Store, sessionId: string): boolean {
  return store.prepare<[string], number>('SELECT count(*) FROM sessions WHERE id = ? AND task IS NOT NULL').pluck().get(sessionId)! > 0;
}
