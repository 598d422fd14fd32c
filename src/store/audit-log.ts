// The append-only audit log: who did what, when. Rows carry ids, states, options and counts, never
// captured content (no typed text, no window titles, no pixels). Triggers refuse UPDATE and DELETE.
// Rows a bundle brought carry their origin ('bundle:<sha256>'): what the bundle claims happened on
// another machine, never an action of this one.
import type { Store } from './store.ts';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  sessionId: string | null;
  detail: Record<string, unknown> | null;
  /** null: done on this machine; 'bundle:<sha256>': claimed by the bundle with that digest. */
  origin: string | null;
}

export interface NewAuditEntry {
  at: number;
  actor: string;
  action: string;
  sessionId?: string | null;
  detail?: Record<string, unknown>;
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  session_id: string | null;
  detail: string | null;
  origin: string | null;
}

export function appendAudit(store: Store, entry: NewAuditEntry): number {
  const info = store
    .prepare('INSERT INTO audit (at, actor, action, session_id, detail) VALUES (?, ?, ?, ?, ?)')
    .run(entry.at, entry.actor, entry.action, entry.sessionId ?? null, entry.detail ? JSON.stringify(entry.detail) : null);
  return Number(info.lastInsertRowid);
}

/** The whole log, or one session's part of it, oldest first. */
export function listAudit(store: Store, sessionId?: string): AuditEntry[] {
  const rows =
    sessionId === undefined
      ? store.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY id').all()
      : store.prepare<[string], AuditRow>('SELECT * FROM audit WHERE session_id = ? ORDER BY id').all(sessionId);
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    sessionId: r.session_id,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
    origin: r.origin,
  }));
}
