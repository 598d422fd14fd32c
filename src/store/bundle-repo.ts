// The store's side of bundles: reading everything a bundle carries of one session (`bundle create`),
// and writing a verified bundle's session (`bundle import`, inside the caller's transaction). What a
// bundle says was done on another machine is stored as a claim: its audit rows and redaction
// records carry the bundle's origin, and its findings arrive open with their claimed status aside.
import type { ElementRow } from '../core/element-info.ts';
import type { EventRow, FrameRow, WindowRow } from '../core/stored-rows.ts';
import { insertElements, readElements } from './elements-repo.ts';
import { type FindingClaim, type FindingLocation, type FindingStatus, locationKey } from './findings-repo.ts';
import { type SessionRow, sessionRow } from './session-repo.ts';
import type { Store } from './store.ts';

/** One event as a bundle line: [seq, t, kind, windowSeq, x, y, button, clicks, keycode, mods, rotation, axis]. */
export type EventTuple = [number, number, EventRow['kind'], number, number | null, number | null, number | null, number | null, number | null, number, number | null, EventRow['axis'] | null];

export interface RedactionRecord {
  kind: string;
  target: string;
  reason: string;
  actor: string;
  at: number;
}

/** A findings row without its id and session, column names as in the table. */
export interface FindingRecord {
  source: 'text' | 'title' | 'frame' | 'task' | 'element';
  detector: string;
  status: FindingStatus;
  preview: string;
  /** JSON of a FindingLocation. */
  location: string;
  reason: string | null;
  actor: string;
  created_at: number;
  resolved_at: number | null;
}

export interface AuditRecord {
  at: number;
  actor: string;
  action: string;
  /** JSON text, as stored. */
  detail: string | null;
}

export interface BundledContent {
  windows: WindowRow[];
  frames: FrameRow[];
  events: EventTuple[];
  redactions: RedactionRecord[];
  findings: FindingRecord[];
  audit: AuditRecord[];
  /** The elements acted on and the window trees (names as stored: a redacted one is null). */
  elements: ElementRow[];
}

/** Everything of one session a bundle carries (frames with their bytes), or undefined when there
 *  is no such session. Call it inside a transaction so every part comes from one state. */
export function readBundledSession(store: Store, id: string): { row: SessionRow; content: BundledContent } | undefined {
  const row = store.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?').get(id);
  if (!row) return undefined;
  const all = <R>(sql: string) => store.prepare<[string], R>(sql).all(id);
  return {
    row,
    content: {
      windows: all<WindowRow>('SELECT seq, t, app, title, x, y, width, height FROM windows WHERE session_id = ? ORDER BY seq'),
      frames: all<FrameRow>('SELECT seq, t, window_seq AS windowSeq, reason, width, height, format, sha256, bytes FROM frames WHERE session_id = ? ORDER BY seq'),
      events: store
        .prepare<[string], EventTuple>('SELECT seq, t, kind, window_seq, x, y, button, clicks, keycode, mods, rotation, axis FROM events WHERE session_id = ? ORDER BY seq')
        .raw(true)
        .all(id),
      redactions: all<RedactionRecord>('SELECT kind, target, reason, actor, at FROM redactions WHERE session_id = ? ORDER BY id'),
      findings: all<FindingRecord>('SELECT source, detector, status, preview, location, reason, actor, created_at, resolved_at FROM findings WHERE session_id = ? ORDER BY id'),
      audit: all<AuditRecord>('SELECT at, actor, action, detail FROM audit WHERE session_id = ? ORDER BY id'),
      elements: readElements(store, id),
    },
  };
}

/** Whether an imported session would collide: its state when it is here, or that it was deleted
 *  here (a tombstone), which a bundle must never undo. */
export function sessionPresence(store: Store, id: string): { state: string } | { tombstone: true } | null {
  const state = store.prepare<[string], string>('SELECT state FROM sessions WHERE id = ?').pluck().get(id);
  if (state !== undefined) return { state };
  return store.prepare<[string], number>('SELECT count(*) FROM tombstones WHERE session_id = ?').pluck().get(id) ? { tombstone: true } : null;
}

export interface ImportedSession {
  row: Pick<SessionRow, 'id' | 'started_at' | 'ended_at' | 'clock_origin' | 'layout_json' | 'policies_json' | 'recorder_pid' | 'recorder_host' | 'dropped_json' | 'last_flush_at' | 'task' | 'element_counts'>;
  content: BundledContent;
}

/**
 * Stores a bundle's session as submitted, with no consent in force here (consent_id NULL) and no
 * review. `origin` ('bundle:<sha256>') marks every claim it brings. Must run inside the caller's
 * transaction: a bundle is imported whole or not at all.
 */
export function insertBundledSession(store: Store, s: ImportedSession, origin: string): SessionRow {
  if (!store.db.inTransaction) throw new Error('insertBundledSession runs inside the import transaction');
  const { row: r, content: c } = s;
  const id = r.id;
  store
    .prepare(
      `INSERT INTO sessions (id, state, started_at, ended_at, clock_origin, layout_json, policies_json, consent_id, recorder_pid, recorder_host, dropped_json, last_flush_at, task, element_counts)
       VALUES (?, 'submitted', ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    )
    .run(id, r.started_at, r.ended_at, r.clock_origin, r.layout_json, r.policies_json, r.recorder_pid, r.recorder_host, r.dropped_json, r.last_flush_at, r.task, r.element_counts);
  const window = store.prepare('INSERT INTO windows (session_id, seq, t, app, title, x, y, width, height) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const w of c.windows) window.run(id, w.seq, w.t, w.app, w.title, w.x, w.y, w.width, w.height);
  const event = store.prepare('INSERT INTO events (session_id, seq, t, kind, window_seq, x, y, button, clicks, keycode, mods, rotation, axis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const e of c.events) event.run(id, ...e);
  const frame = store.prepare('INSERT INTO frames (session_id, seq, t, window_seq, reason, width, height, format, sha256, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const f of c.frames) frame.run(id, f.seq, f.t, f.windowSeq, f.reason, f.width, f.height, f.format, f.sha256, f.bytes);
  // After the events and frames they belong to (the import verified that each one's is there).
  if (insertElements(store, id, c.elements) !== c.elements.length) throw new Error('an imported element has no event or frame of its session');
  const redaction = store.prepare('INSERT INTO redactions (session_id, kind, target, reason, actor, at, origin) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const x of c.redactions) redaction.run(id, x.kind, x.target, x.reason, x.actor, x.at, origin);
  // Open whatever the bundle says: a waiver or a redaction counts only when made or seen here.
  const finding = store.prepare(
    `INSERT INTO findings (session_id, source, detector, status, preview, location, reason, actor, created_at, resolved_at, claim)
     VALUES (?, ?, ?, 'open', ?, ?, NULL, ?, ?, NULL, ?) ON CONFLICT DO NOTHING`,
  );
  for (const f of c.findings) {
    const claim: FindingClaim = { origin, status: f.status, reason: f.reason, actor: f.actor, resolvedAt: f.resolved_at };
    const location = locationKey(JSON.parse(f.location) as FindingLocation);
    finding.run(id, f.source, f.detector, f.preview, location, origin, f.created_at, JSON.stringify(claim));
  }
  const audit = store.prepare('INSERT INTO audit (at, actor, action, session_id, detail, origin) VALUES (?, ?, ?, ?, ?, ?)');
  for (const a of c.audit) audit.run(a.at, a.actor, a.action, id, a.detail, origin);
  return sessionRow(store, id);
}
