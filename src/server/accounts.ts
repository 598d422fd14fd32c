// Accounts: `cairn server add-user` makes one with a fresh token (32 random bytes, shown once and
// stored only as its sha256), `cairn server revoke-user` ends a token's use at once.
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../core/domain-error.ts';
import type { Db } from './db/pool.ts';
import { insertUser, revokeUser } from './db/users-repo.ts';
import type { Role } from './roles.ts';

export const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export async function addUser(db: Db, name: string, role: Role): Promise<{ token: string }> {
  if (!USER_NAME.test(name)) throw new DomainError('invalid-input', `"${name.slice(0, 80)}" cannot be a user name: use 1 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit.`);
  const token = `cairn_${randomBytes(32).toString('base64url')}`;
  const made = await insertUser(db, { name, role, tokenSha256: createHash('sha256').update(token).digest(), at: Date.now() });
  if (!made) throw new DomainError('conflict', `There is already a user named ${name}; choose another name, or revoke that one first.`);
  return { token };
}

export async function revokeToken(db: Db, name: string): Promise<void> {
  const result = await revokeUser(db, name, Date.now());
  if (result === 'unknown') throw new DomainError('not-found', `There is no user named ${name} on this service.`);
  if (result === 'already') throw new DomainError('conflict', `The token of ${name} was revoked already.`);
}
