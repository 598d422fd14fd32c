// Reading back what a session holds: its windows, events and frame metadata (frame bytes only on
// request), for `cairn show` and the review screens.
import type { EventRow, FrameRow, WindowRow } from './write-batch.ts';
import type { Store } from './store.ts';

export type FrameInfo = Omit<FrameRow, 'bytes'> & { size: number };

/** A key event as typed-text rebuilding reads it. */
export interface KeyEventRow {
  seq: number;
  t: number;
  kind: string;
  windowSeq: number;
  keycode: number | null;
  mods: number;
}

/** A frame's encoded image as stored. */
export interface StoredFrame {
  bytes: Buffer;
  sha256: string;
  format: string;
}

export function readWindows(store: Store, sessionId: string): WindowRow[] {
  return store
    .prepare<[string], WindowRow>('SELECT seq, t, app, title, x, y, width, height FROM windows WHERE session_id = ? ORDER BY seq')
    .all(sessionId);
}

export function readEvents(store: Store, sessionId: string): EventRow[] {
  return store
    .prepare<[string], EventRow>(
      `SELECT seq, t, kind, window_seq AS windowSeq, x, y, button, clicks, keycode, mods, rotation, axis
       FROM events WHERE session_id = ? ORDER BY seq`,
    )
    .all(sessionId);
}

/** The key-downs and key-ups, in order: what the typed text is rebuilt from. */
export function readKeyEvents(store: Store, sessionId: string): KeyEventRow[] {
  return store
    .prepare<[string], KeyEventRow>(
      `SELECT seq, t, kind, window_seq AS windowSeq, keycode, mods FROM events
       WHERE session_id = ? AND kind IN ('key-down', 'key-up') ORDER BY seq`,
    )
    .all(sessionId);
}

/** How many events of each kind the session holds. */
export function countEventsByKind(store: Store, sessionId: string): Record<string, number> {
  const rows = store
    .prepare<[string], { kind: string; n: number }>('SELECT kind, count(*) AS n FROM events WHERE session_id = ? GROUP BY kind ORDER BY kind')
    .all(sessionId);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Up to `limit` events from `fromSeq` on, for viewers of long sessions. */
export function readEventSlice(store: Store, sessionId: string, fromSeq: number, limit: number): EventRow[] {
  return store
    .prepare<[string, number, number], EventRow>(
      `SELECT seq, t, kind, window_seq AS windowSeq, x, y, button, clicks, keycode, mods, rotation, axis
       FROM events WHERE session_id = ? AND seq >= ? ORDER BY seq LIMIT ?`,
    )
    .all(sessionId, fromSeq, limit);
}

export function readFrameInfos(store: Store, sessionId: string): FrameInfo[] {
  return store
    .prepare<[string], FrameInfo>(
      `SELECT seq, t, window_seq AS windowSeq, reason, width, height, format, sha256, length(bytes) AS size
       FROM frames WHERE session_id = ? ORDER BY seq`,
    )
    .all(sessionId);
}

export function readFrameBytes(store: Store, sessionId: string, seq: number): Buffer | undefined {
  return store
    .prepare<[string, number], Buffer>('SELECT bytes FROM frames WHERE session_id = ? AND seq = ?')
    .pluck()
    .get(sessionId, seq);
}

/** The frame's image with its sha256 and format, or undefined when there is no such frame. */
export function readStoredFrame(store: Store, sessionId: string, seq: number): StoredFrame | undefined {
  return store
    .prepare<[string, number], StoredFrame>('SELECT bytes, sha256, format FROM frames WHERE session_id = ? AND seq = ?')
    .get(sessionId, seq);
}
