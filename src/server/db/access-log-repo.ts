// The access log: every view of a session's text or frames, every decision, pull and erasure, by
// whom and when, kept after the session is erased (it holds no content) so its owner can still
// see who had it.
import type { AccessEntry } from '../../remote/api-schemas.ts';
import type { Queryable } from './pool.ts';

export async function logAccess(db: Queryable, e: { sessionIds: readonly string[]; userId: number; action: AccessEntry['action']; at: number; detail?: Record<string, unknown> }): Promise<void> {
  if (e.sessionIds.length === 0) return;
  await db.query(
    `INSERT INTO access_log (session_id, user_id, action, at, detail) SELECT unnest($1::uuid[]), $2, $3, $4, $5`,
    [e.sessionIds, e.userId, e.action, e.at, e.detail ?? null],
  );
}

export async function accessLogOf(db: Queryable, sessionId: string): Promise<AccessEntry[]> {
  const { rows } = await db.query<AccessEntry>(
    `SELECT a.at, u.name AS who, u.role, a.action, a.detail FROM access_log a JOIN users u ON u.id = a.user_id
     WHERE a.session_id = $1 ORDER BY a.id`,
    [sessionId],
  );
  return rows;
}
