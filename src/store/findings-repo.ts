// Findings: what detectors or reviewers flagged in a session, with where it is (seqs, a window, a
// frame box) and a masked preview. A finding is open until what it points at is redacted or a
// reviewer waives it with a reason; an open finding blocks approval and export. A finding imported
// from a bundle keeps what the bundle said of it as its claim, and counts only by its status here.
import type { Store } from './store.ts';

export type FindingSource = 'text' | 'title' | 'frame' | 'task' | 'element';
export type FindingStatus = 'open' | 'redacted' | 'waived';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FindingLocation {
  windowSeq?: number;
  /** Inclusive seq range of the key-down events that typed the flagged text. */
  fromSeq?: number;
  toSeq?: number;
  frameSeq?: number;
  box?: Box;
  /** An element's name, or a node (pre-order index) of the element's window tree. */
  elementSeq?: number;
  node?: number;
}

export interface Finding {
  id: number;
  source: FindingSource;
  detector: string;
  status: FindingStatus;
  preview: string;
  location: FindingLocation;
  reason: string | null;
  createdAt: number;
  /** What a bundle said of this finding; null for findings raised on this machine. */
  claim: FindingClaim | null;
}

export interface FindingClaim {
  /** 'bundle:<sha256>' of the bundle that brought it. */
  origin: string;
  status: FindingStatus;
  reason: string | null;
  actor: string;
  resolvedAt: number | null;
}

export interface NewFinding {
  source: FindingSource;
  detector: string;
  preview: string;
  location: FindingLocation;
}

interface FindingRow {
  id: number;
  source: FindingSource;
  detector: string;
  status: FindingStatus;
  preview: string;
  location: string;
  reason: string | null;
  created_at: number;
  claim: string | null;
}

/** Stores the findings not already known at the same place by the same detector (whatever their
 *  status: a waived finding stays waived when a scan sees it again). Returns how many were new. */
export function addFindings(store: Store, sessionId: string, found: readonly NewFinding[], actor: string, at = Date.now()): number {
  const insert = store.prepare(
    `INSERT INTO findings (session_id, source, detector, preview, location, actor, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  return store.tx(() => {
    let added = 0;
    for (const f of found) added += insert.run(sessionId, f.source, f.detector, f.preview, locationKey(f.location), actor, at).changes;
    return added;
  });
}

export function listFindings(store: Store, sessionId: string, status?: FindingStatus): Finding[] {
  const rows = store
    .prepare<[string, string | null, string | null], FindingRow>(
      'SELECT * FROM findings WHERE session_id = ? AND (? IS NULL OR status = ?) ORDER BY id',
    )
    .all(sessionId, status ?? null, status ?? null);
  return rows.map(toFinding);
}

export function getFinding(store: Store, sessionId: string, findingId: number): Finding | undefined {
  const row = store
    .prepare<[string, number], FindingRow>('SELECT * FROM findings WHERE session_id = ? AND id = ?')
    .get(sessionId, findingId);
  return row && toFinding(row);
}

export function countOpenFindings(store: Store, sessionId: string): number {
  return store
    .prepare<[string], number>(`SELECT count(*) FROM findings WHERE session_id = ? AND status = 'open'`)
    .pluck()
    .get(sessionId)!;
}

/** Closes findings (open or waived) as redacted. */
export function markRedacted(store: Store, ids: readonly number[], at: number): void {
  const update = store.prepare(`UPDATE findings SET status = 'redacted', resolved_at = ? WHERE id = ? AND status != 'redacted'`);
  for (const id of ids) update.run(at, id);
}

export function markWaived(store: Store, id: number, reason: string, at: number): void {
  store.prepare(`UPDATE findings SET status = 'waived', reason = ?, resolved_at = ? WHERE id = ?`).run(reason, at, id);
}

/** The location as stored: keys in one fixed order, so equal places give equal strings. */
export function locationKey(l: FindingLocation): string {
  const ordered: FindingLocation = {};
  if (l.windowSeq !== undefined) ordered.windowSeq = l.windowSeq;
  if (l.fromSeq !== undefined) ordered.fromSeq = l.fromSeq;
  if (l.toSeq !== undefined) ordered.toSeq = l.toSeq;
  if (l.frameSeq !== undefined) ordered.frameSeq = l.frameSeq;
  if (l.box !== undefined) ordered.box = { x: l.box.x, y: l.box.y, width: l.box.width, height: l.box.height };
  if (l.elementSeq !== undefined) ordered.elementSeq = l.elementSeq;
  if (l.node !== undefined) ordered.node = l.node;
  return JSON.stringify(ordered);
}

function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    source: r.source,
    detector: r.detector,
    status: r.status,
    preview: r.preview,
    location: JSON.parse(r.location) as FindingLocation,
    reason: r.reason,
    createdAt: r.created_at,
    claim: r.claim === null ? null : (JSON.parse(r.claim) as FindingClaim),
  };
}
