// `cairn server start`: connects to PostgreSQL (pooled), brings its schema up to date, opens the
// blob folder, sweeps what a crash left there, queues the sessions its detectors have not checked,
// and serves the API and the UI.
import { createPool, databaseProblem, type Db } from './db/pool.ts';
import { startServerHost } from './http/server-host.ts';
import { stopIngests } from './ingest-jobs.ts';
import { ServiceReview } from './review/service-review.ts';
import { migrate } from './migrations/migrate.ts';
import { openStorage } from './storage/server-storage.ts';
import { type SweepCounts, sweepOrphans } from './storage/sweep.ts';

export interface ServiceOptions {
  databaseUrl: string;
  blobDir: string;
  port?: number;
  host?: string;
  /** Sessions the detectors check at once (default: defaultCheckWorkers()). */
  checkWorkers?: number;
}

export interface RunningService {
  url: string;
  port: number;
  swept: SweepCounts;
  close(): Promise<void>;
}

export async function startService(o: ServiceOptions): Promise<RunningService> {
  const storage = openStorage(o.blobDir);
  const db = await connect(o.databaseUrl);
  let review: ServiceReview | undefined;
  try {
    const swept = await sweepOrphans(db, storage);
    review = new ServiceReview({ db, storage }, { checkWorkers: o.checkWorkers });
    const host = await startServerHost({ db, storage, review }, { port: o.port, host: o.host });
    await review.resume();
    const started = review;
    return {
      url: host.url,
      port: host.port,
      swept,
      close: async () => {
        await host.close();
        await stopIngests();
        await started.close();
        await db.end();
      },
    };
  } catch (error) {
    await review?.close();
    await db.end();
    throw error;
  }
}

/** A pool on a migrated database, or one sentence on why there is none. */
export async function connect(url: string): Promise<Db> {
  const db = createPool(url);
  try {
    await migrate(db);
    return db;
  } catch (error) {
    await db.end().catch(() => undefined);
    throw databaseProblem(error) ?? error;
  }
}
