// Datasets researchers pulled: which sessions each held and where it was written, so that a
// withdrawal can name every dataset that must be purged.
import type { EraseReason } from '../../remote/api-schemas.ts';
import type { Queryable } from './pool.ts';

export async function recordPull(db: Queryable, p: { userId: number; at: number; format: string; destination: string; sessions: readonly string[] }): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO pulls (user_id, at, format, destination) VALUES ($1, $2, $3, $4) RETURNING id', [p.userId, p.at, p.format, p.destination]);
  const id = rows[0]!.id;
  await db.query('INSERT INTO pull_sessions (pull_id, session_id) SELECT $1, unnest($2::uuid[])', [id, p.sessions]);
  return id;
}

/** Whether `sessionId` is in the user's pull `pullId`. */
export async function pullHolds(db: Queryable, pullId: number, userId: number, sessionId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM pulls p JOIN pull_sessions ps ON ps.pull_id = p.id WHERE p.id = $1 AND p.user_id = $2 AND ps.session_id = $3',
    [pullId, userId, sessionId],
  );
  return rowCount === 1;
}

export async function pullsOf(db: Queryable, sessionId: string): Promise<{ pull: number; researcher: string; at: number; destination: string }[]> {
  const { rows } = await db.query<{ pull: number; researcher: string; at: number; destination: string }>(
    `SELECT p.id AS pull, u.name AS researcher, p.at, p.destination FROM pull_sessions ps
     JOIN pulls p ON p.id = ps.pull_id JOIN users u ON u.id = p.user_id WHERE ps.session_id = $1 ORDER BY p.id`,
    [sessionId],
  );
  return rows;
}

/** A researcher's pulls, newest first, each with its session count and the sessions erased since. */
export async function pullsBy(db: Queryable, userId: number): Promise<{ id: number; at: number; format: string; destination: string; sessions: number; withdrawn: { id: string; erasedAt: number; reason: EraseReason }[] }[]> {
  const { rows } = await db.query<{ id: number; at: number; format: string; destination: string; sessions: number; withdrawn: { id: string; erasedAt: number; reason: EraseReason }[] }>(
    `SELECT p.id, p.at, p.format, p.destination, count(ps.session_id)::int AS sessions,
            coalesce(json_agg(json_build_object('id', s.id, 'erasedAt', s.erased_at, 'reason', s.erase_reason) ORDER BY s.erased_at, s.id)
                     FILTER (WHERE s.state = 'erased'), '[]'::json) AS withdrawn
     FROM pulls p JOIN pull_sessions ps ON ps.pull_id = p.id JOIN sessions s ON s.id = ps.session_id
     WHERE p.user_id = $1 GROUP BY p.id ORDER BY p.id DESC`,
    [userId],
  );
  return rows;
}
