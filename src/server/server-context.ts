// What every part of the team service works with: the database pool and the blob folder.
import type { Db } from './db/pool.ts';
import type { User } from './db/users-repo.ts';
import type { ServerStorage } from './storage/server-storage.ts';

export interface ServerContext {
  db: Db;
  storage: ServerStorage;
}

export type { User };
