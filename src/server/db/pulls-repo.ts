// Datasets researchers pulled: which sessions each held and where it was written, so that a
// withdrawal can name every dataset that must be purged.
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
