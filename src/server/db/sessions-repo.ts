// Sessions on the team service: the row (owner, state, figures, decision, tombstone), its sealed
// content, and its frames' blob names. An erased session keeps its row, emptied of everything
// but who, when and why, as the tombstone that downstream copies are purged by.
import type { EraseReason, SessionSummary } from '../../remote/api-schemas.ts';
import type { Queryable } from './pool.ts';

export interface NewSession {
  id: string;
  ownerId: number;
  uploadId: string;
  submittedAt: number;
  startedAt: number;
  endedAt: number | null;
  events: number;
  frames: number;
  openFindings: number;
}

export interface SessionRow extends SessionSummary {
  ownerId: number;
}

const SUMMARY = `
  SELECT s.id, s.owner_id AS "ownerId", o.name AS contributor, s.state, s.submitted_at AS "submittedAt",
         s.started_at AS "startedAt", s.ended_at AS "endedAt", s.events, s.frames, s.open_findings AS "openFindings",
         d.name AS "decidedBy", s.decided_at AS "decidedAt", s.reason, s.erased_at AS "erasedAt"
  FROM sessions s JOIN users o ON o.id = s.owner_id LEFT JOIN users d ON d.id = s.decided_by`;

export async function insertSession(db: Queryable, s: NewSession): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, owner_id, upload_id, state, submitted_at, started_at, ended_at, events, frames, open_findings)
     VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9)`,
    [s.id, s.ownerId, s.uploadId, s.submittedAt, s.startedAt, s.endedAt, s.events, s.frames, s.openFindings],
  );
}

export async function insertContent(db: Queryable, id: string, sealed: { part: Buffer; events: Buffer }): Promise<void> {
  await db.query('INSERT INTO session_content (session_id, part, events) VALUES ($1, $2, $3)', [id, sealed.part, sealed.events]);
}

export async function insertFrames(db: Queryable, id: string, frames: readonly { seq: number; blob: string; size: number }[]): Promise<void> {
  if (frames.length === 0) return;
  await db.query(
    `INSERT INTO frames (session_id, seq, blob, size)
     SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::integer[])`,
    [id, frames.map((f) => f.seq), frames.map((f) => f.blob), frames.map((f) => f.size)],
  );
}

/** Which of `ids` the service has (in any state, tombstones included), and from which upload. */
export async function sessionsPresent(db: Queryable, ids: readonly string[]): Promise<{ id: string; state: string; uploadId: string }[]> {
  const { rows } = await db.query<{ id: string; state: string; uploadId: string }>('SELECT id, state, upload_id AS "uploadId" FROM sessions WHERE id = ANY($1::uuid[])', [ids]);
  return rows;
}

/** `lock`: the row is locked until the caller's transaction ends. */
export async function sessionSummary(db: Queryable, id: string, o: { lock?: boolean } = {}): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(`${SUMMARY} WHERE s.id = $1${o.lock ? ' FOR UPDATE OF s' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function listByState(db: Queryable, state: 'submitted' | 'approved'): Promise<SessionRow[]> {
  return (await db.query<SessionRow>(`${SUMMARY} WHERE s.state = $1 ORDER BY s.submitted_at, s.id`, [state])).rows;
}

export async function listOwnedBy(db: Queryable, ownerId: number): Promise<SessionRow[]> {
  return (await db.query<SessionRow>(`${SUMMARY} WHERE s.owner_id = $1 ORDER BY s.submitted_at, s.id`, [ownerId])).rows;
}

export async function readContent(db: Queryable, id: string): Promise<{ part: Buffer; events: Buffer } | null> {
  const { rows } = await db.query<{ part: Buffer; events: Buffer }>('SELECT part, events FROM session_content WHERE session_id = $1', [id]);
  return rows[0] ?? null;
}

export async function frameBlobs(db: Queryable, id: string): Promise<{ seq: number; blob: string }[]> {
  return (await db.query<{ seq: number; blob: string }>('SELECT seq, blob FROM frames WHERE session_id = $1 ORDER BY seq', [id])).rows;
}

export async function frameBlob(db: Queryable, id: string, seq: number): Promise<string | null> {
  const { rows } = await db.query<{ blob: string }>('SELECT blob FROM frames WHERE session_id = $1 AND seq = $2', [id, seq]);
  return rows[0]?.blob ?? null;
}

/** Approves or rejects a submitted session; false when it is no longer submitted. */
export async function decide(db: Queryable, id: string, d: { state: 'approved' | 'rejected'; by: number; at: number; reason: string | null }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sessions SET state = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1 AND state = 'submitted'`,
    [id, d.state, d.by, d.at, d.reason],
  );
  return rowCount === 1;
}

/** Erases a session's content (sealed parts, frame rows) and leaves its tombstone; returns the
 *  blobs its frames were in, for the caller to remove once this commits. */
export async function eraseSession(db: Queryable, id: string, reason: EraseReason, at: number): Promise<string[]> {
  await db.query('DELETE FROM session_content WHERE session_id = $1', [id]);
  await db.query('DELETE FROM finding_waivers WHERE session_id = $1', [id]);
  const { rows } = await db.query<{ blob: string }>('DELETE FROM frames WHERE session_id = $1 RETURNING blob', [id]);
  // A rejection's reason may quote what it saw: it goes with the content.
  await db.query(`UPDATE sessions SET state = 'erased', erased_at = $2, erase_reason = $3, reason = NULL WHERE id = $1`, [id, at, reason]);
  return rows.map((r) => r.blob);
}

/** Approved sessions with who approved them: all, or those of `ids` that are approved. */
export async function approvedSessions(db: Queryable, ids?: readonly string[]): Promise<{ id: string; reviewer: string; approvedAt: number }[]> {
  const { rows } = await db.query<{ id: string; reviewer: string; approvedAt: number }>(
    `SELECT s.id, d.name AS reviewer, s.decided_at AS "approvedAt" FROM sessions s JOIN users d ON d.id = s.decided_by
     WHERE s.state = 'approved' AND ($1::uuid[] IS NULL OR s.id = ANY($1::uuid[])) ORDER BY s.submitted_at, s.id`,
    [ids ?? null],
  );
  return rows;
}

export async function erasedAmong(db: Queryable, ids: readonly string[] | null): Promise<{ id: string; erasedAt: number; reason: EraseReason }[]> {
  const { rows } = await db.query<{ id: string; erasedAt: number; reason: EraseReason }>(
    `SELECT id, erased_at AS "erasedAt", erase_reason AS reason FROM sessions
     WHERE state = 'erased' AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY erased_at, id`,
    [ids],
  );
  return rows;
}

/** What the blob folder and key folder may hold: the blobs rows name, and sessions not erased. */
export async function liveReferences(db: Queryable): Promise<{ blobs: Set<string>; sessions: Set<string> }> {
  const blobs = (await db.query<{ blob: string }>('SELECT blob FROM frames')).rows.map((r) => r.blob);
  const sessions = (await db.query<{ id: string }>(`SELECT id FROM sessions WHERE state != 'erased'`)).rows.map((r) => r.id);
  return { blobs: new Set(blobs), sessions: new Set(sessions) };
}
