// The connection pool to the team service's PostgreSQL (npm `pg`), and the one way code runs a
// transaction on it. bigint columns (ids, unix milliseconds) are read as numbers: every value
// Cairn keeps in them is far below 2^53.
import pg from 'pg';
import { DomainError } from '../../core/domain-error.ts';

const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

export type Db = pg.Pool;
export type Tx = pg.PoolClient;
/** Either the pool or a transaction's client: a repository function runs on both. */
export type Queryable = pg.Pool | pg.PoolClient;

export function createPool(url: string, max = 10): Db {
  let config: pg.PoolConfig;
  try {
    config = { connectionString: url, max, types, connectionTimeoutMillis: 10_000 };
    new URL(url);
  } catch {
    throw new DomainError('invalid-input', 'The database URL is not a URL; give one like postgresql://USER:PASSWORD@HOST:5432/DATABASE.');
  }
  const pool = new pg.Pool(config);
  // An idle client whose server went away (PostgreSQL restarted) emits here; the pool drops it
  // and the next query opens a new one, so the service recovers by itself.
  pool.on('error', () => undefined);
  return pool;
}

export async function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db.connect();
  // A connection lost mid-transaction (PostgreSQL restarted) is emitted on the client too; without
  // a listener that would end the process. The query in flight rejects and says it here.
  const ignore = () => undefined;
  tx.on('error', ignore);
  let lost: Error | undefined;
  try {
    await tx.query('BEGIN');
    const result = await fn(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    if (databaseProblem(error)) lost = error as Error;
    throw error;
  } finally {
    tx.off('error', ignore);
    // A lost connection is destroyed, not handed to the next request.
    tx.release(lost);
  }
}

/** A connection failure as one sentence (wrong URL, server down, bad password). */
export function databaseProblem(error: unknown): DomainError | null {
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  // Connection refused or lost (EPIPE: a query written to a connection PostgreSQL dropped as it
  // stopped), the server shutting down or starting (57P01-57P03), bad login or database.
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'ENOENT', 'ETIMEDOUT', 'EAI_AGAIN', '57P01', '57P02', '57P03', '28P01', '28000', '3D000'].includes(code) || /timeout exceeded when trying to connect|Connection terminated/i.test(e.message ?? '')) {
    return new DomainError('unavailable', `PostgreSQL cannot be reached or refused the connection (${code || e.message}); check the database URL and that the server is running.`);
  }
  return null;
}
