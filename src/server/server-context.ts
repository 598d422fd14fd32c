// What every part of the team service works with: the database pool, the blob folder, and the
// workers of its own review.
import type { Db } from './db/pool.ts';
import type { User } from './db/users-repo.ts';
import type { ServiceReview } from './review/service-review.ts';
import type { ServerStorage } from './storage/server-storage.ts';

export interface ServerContext {
  db: Db;
  storage: ServerStorage;
  /** The service's own review (review/): its detectors over each upload, reviewers' redactions.
   *  Absent where nothing is uploaded or redacted (the governance documents' generator). */
  review?: ServiceReview;
}

export type { User };
