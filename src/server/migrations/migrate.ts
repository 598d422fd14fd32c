// Brings the team service's database to the newest schema: the migrations not yet applied run in
// one transaction (all or none) and are recorded in schema_migrations. A PostgreSQL advisory lock makes two
// services (or `server add-user` beside a starting server) migrate one after the other.
import { DomainError } from '../../core/domain-error.ts';
import { type Db, withTx } from '../db/pool.ts';
import { type Migration, MIGRATIONS } from './index.ts';

/** An arbitrary constant: the key of Cairn's migration lock among the database's advisory locks. */
const LOCK_KEY = 0x43616972;

export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  return withTx(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known) {
      throw new DomainError('conflict', `The database is at schema version ${newest}, newer than this Cairn knows (${known}); update Cairn before starting it on this database.`);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.query(m.up);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
