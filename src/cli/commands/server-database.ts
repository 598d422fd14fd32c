// The team service's database options, shared by every `cairn server` command: --database-url,
// --database-url-file or CAIRN_DATABASE_URL (so that the password need not stand in `ps`), and a
// pool opened for one command and closed after it.
import type { Command } from 'commander';
import { DATABASE_URL, readSecret } from '../../server/secret-source.ts';

export interface DbOptions {
  databaseUrl?: string;
  databaseUrlFile?: string;
}

export const withDatabase = (command: Command) =>
  command
    .option('--database-url <url>', 'PostgreSQL URL, postgresql://USER:PASSWORD@HOST:PORT/DB (or $CAIRN_DATABASE_URL)')
    .option('--database-url-file <file>', 'a file whose first line is the URL (keeps the password out of `ps`)');

export async function withDb<T>(opts: DbOptions, fn: (db: import('../../server/db/pool.ts').Db) => Promise<T>): Promise<T> {
  const url = readSecret(DATABASE_URL, opts.databaseUrl, opts.databaseUrlFile);
  const { connect } = await import('../../server/start-service.ts');
  const db = await connect(url);
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}
