// Accounts of the team service: a name, one role, and the sha256 of a token that is shown once.
import type { Role } from '../roles.ts';
import type { Queryable } from './pool.ts';

export interface User {
  id: number;
  name: string;
  role: Role;
}

export async function insertUser(db: Queryable, u: { name: string; role: Role; tokenSha256: Buffer; at: number }): Promise<User | null> {
  const { rows } = await db.query<User>(
    `INSERT INTO users (name, role, token_sha256, created_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO NOTHING RETURNING id, name, role`,
    [u.name, u.role, u.tokenSha256, u.at],
  );
  return rows[0] ?? null;
}

/** The user holding this token, unless revoked. */
export async function userByToken(db: Queryable, tokenSha256: Buffer): Promise<User | null> {
  const { rows } = await db.query<User>('SELECT id, name, role FROM users WHERE token_sha256 = $1 AND revoked_at IS NULL', [tokenSha256]);
  return rows[0] ?? null;
}

/** Revokes the user's token; false when there is no such user or it was revoked already. */
export async function revokeUser(db: Queryable, name: string, at: number): Promise<'revoked' | 'already' | 'unknown'> {
  const { rows } = await db.query<{ revoked_at: number | null }>('SELECT revoked_at FROM users WHERE name = $1', [name]);
  if (!rows[0]) return 'unknown';
  if (rows[0].revoked_at !== null) return 'already';
  await db.query('UPDATE users SET revoked_at = $2 WHERE name = $1', [name, at]);
  return 'revoked';
}
