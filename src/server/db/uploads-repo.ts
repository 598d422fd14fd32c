// Uploads on the team service: one row per bundle file a person sends, found again by its sha256
// when the same file is sent again (a resumed or repeated upload), completed once its sessions
// are stored.
import type { Queryable } from './pool.ts';

export interface UploadRow {
  id: string;
  userId: number;
  size: number;
  sha256: string;
  sessions: string[] | null;
}

const COLUMNS = 'id, user_id AS "userId", size, sha256, sessions';

/** The user's upload of the file with this sha256, made now if there is none. */
export async function openUpload(db: Queryable, u: { id: string; userId: number; size: number; sha256: string; at: number }): Promise<UploadRow> {
  await db.query(
    `INSERT INTO uploads (id, user_id, size, sha256, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, sha256) DO NOTHING`,
    [u.id, u.userId, u.size, u.sha256, u.at],
  );
  const { rows } = await db.query<UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE user_id = $1 AND sha256 = $2`, [u.userId, u.sha256]);
  return rows[0]!;
}

export async function getUpload(db: Queryable, id: string): Promise<UploadRow | null> {
  const { rows } = await db.query<UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Locks the upload's row for this transaction: one completion at a time. */
export async function lockUpload(db: Queryable, id: string): Promise<UploadRow | null> {
  const { rows } = await db.query<UploadRow>(`SELECT ${COLUMNS} FROM uploads WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

export async function completeUpload(db: Queryable, id: string, sessions: readonly string[], at: number): Promise<void> {
  await db.query('UPDATE uploads SET completed_at = $2, sessions = $3 WHERE id = $1', [id, at, sessions]);
}

/** Uploads not completed: their staged bytes are kept for a resume. */
export async function openUploadIds(db: Queryable): Promise<Set<string>> {
  return new Set((await db.query<{ id: string }>('SELECT id FROM uploads WHERE completed_at IS NULL')).rows.map((r) => r.id));
}
