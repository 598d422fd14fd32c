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
         d.name AS "decidedBy", s.decided_at AS "decidedAt", s.reason, s.erased_at AS "erasedAt",
         (s.state = 'submitted' AND s.checked_at IS NULL) AS checking
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

/** A session's sealed parts, and the generation of the key they are sealed with. */
export interface SealedContent {
  part: Buffer;
  events: Buffer;
  /** The service's record (review/service-record.ts); null before its detectors ran. */
  review: Buffer | null;
  generation: number;
}

export async function readContent(db: Queryable, id: string): Promise<SealedContent | null> {
  const { rows } = await db.query<SealedContent>(
    `SELECT c.part, c.events, c.review, s.key_generation AS generation FROM session_content c JOIN sessions s ON s.id = c.session_id WHERE c.session_id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Submitted sessions the service's detectors have not finished with (after a restart, too). */
export async function uncheckedSessions(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM sessions WHERE state = 'submitted' AND checked_at IS NULL ORDER BY submitted_at, id`);
  return rows.map((r) => r.id);
}

/** Stores what the detectors found (sealed) if the session is still unchecked at key `generation`; false otherwise. */
export async function markChecked(db: Queryable, id: string, c: { generation: number; review: Buffer; openFindings: number; at: number }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE sessions SET checked_at = $3, open_findings = $4 WHERE id = $1 AND key_generation = $2 AND checked_at IS NULL AND state = 'submitted'`,
    [id, c.generation, c.at, c.openFindings],
  );
  if (rowCount !== 1) return false;
  await db.query('UPDATE session_content SET review = $2 WHERE session_id = $1', [id, c.review]);
  return true;
}

/** Replaces a session's sealed content and frames with the same re-sealed under key `generation`
 *  (a redaction on the service); returns the blobs of the frames replaced, for the caller to
 *  remove once this commits. */
export async function replaceContent(
  db: Queryable,
  id: string,
  c: { generation: number; part: Buffer; events: Buffer; review: Buffer; frames: readonly { seq: number; blob: string; size: number }[]; openFindings: number },
): Promise<string[]> {
  await db.query('UPDATE session_content SET part = $2, events = $3, review = $4 WHERE session_id = $1', [id, c.part, c.events, c.review]);
  await db.query('UPDATE sessions SET key_generation = $2, open_findings = $3 WHERE id = $1', [id, c.generation, c.openFindings]);
  const { rows } = await db.query<{ blob: string }>('DELETE FROM frames WHERE session_id = $1 RETURNING blob', [id]);
  await insertFrames(db, id, c.frames);
  const kept = new Set(c.frames.map((f) => f.blob));
  return rows.map((r) => r.blob).filter((b) => !kept.has(b));
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
 *  blobs its frames were in and its key's generation, for the caller to remove once this commits. */
export async function eraseSession(db: Queryable, id: string, reason: EraseReason, at: number): Promise<{ blobs: string[]; generation: number }> {
  await db.query('DELETE FROM session_content WHERE session_id = $1', [id]);
  await db.query('DELETE FROM finding_waivers WHERE session_id = $1', [id]);
  const { rows } = await db.query<{ blob: string }>('DELETE FROM frames WHERE session_id = $1 RETURNING blob', [id]);
  // A rejection's reason may quote what it saw: it goes with the content.
  const erased = await db.query<{ generation: number }>(
    `UPDATE sessions SET state = 'erased', erased_at = $2, erase_reason = $3, reason = NULL WHERE id = $1 RETURNING key_generation AS generation`,
    [id, at, reason],
  );
  return { blobs: rows.map((r) => r.blob), generation: erased.rows[0]?.generation ?? 0 };
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

/** What the blob folder and key folder may hold: the blobs rows name, and the sessions not erased
 *  with the generation of their key (an older one was replaced by a redaction). */
export async function liveReferences(db: Queryable): Promise<{ blobs: Set<string>; sessions: Map<string, number> }> {
  const blobs = (await db.query<{ blob: string }>('SELECT blob FROM frames')).rows.map((r) => r.blob);
  const sessions = (await db.query<{ id: string; generation: number }>(`SELECT id, key_generation AS generation FROM sessions WHERE state != 'erased'`)).rows;
  return { blobs: new Set(blobs), sessions: new Map(sessions.map((s) => [s.id, s.generation])) };
}
