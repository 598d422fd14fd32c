// Uploads being verified and sealed, each in a worker thread of its own (ingest-worker.ts), at most
// INGEST_AT_ONCE at a time: the service's event loop keeps answering while bundles are checked,
// and memory is bounded by that many bundles (about four times a bundle's size each), however
// many contributors complete at once.
import { Worker } from 'node:worker_threads';
import { entryUrl } from '../core/app-root.ts';
import { DomainError } from '../core/domain-error.ts';
import type { ApiError } from '../shared/contract.ts';

/** Workers at once: two keep a 2-core machine's second core busy without starving the first. */
export const INGEST_AT_ONCE = 2;
/** The workers' nice value: a busy CPU serves requests before it verifies uploads. */
export const INGEST_NICE = 10;

export interface IngestJob {
  blobDir: string;
  uploadId: string;
  sha256: string;
}

export interface SealedSession {
  id: string;
  /** The sha256 of the key that sealed it, checked again as the rows are written. */
  keySha256: string;
  policiesJson: string;
  startedAt: number;
  endedAt: number | null;
  events: number;
  frames: { seq: number; blob: string; size: number }[];
  openFindings: number;
  steps: number;
  part: Uint8Array;
  eventBytes: Uint8Array;
}

export interface SealedUpload {
  digest: string;
  sessions: SealedSession[];
}

/** What a job wrote that no row names yet: removed again when the upload is not stored. */
export interface Written {
  blobs: string[];
  keys: string[];
}

export type FromIngestWorker = { type: 'done'; sealed: SealedUpload; written: Written } | { type: 'failed'; error: ApiError; written: Written };

/** Why a job failed (`reason`, what the caller throws on) and what it had written by then. */
export class IngestFailed extends Error {
  readonly reason: Error;
  readonly written: Written;

  constructor(reason: Error, written: Written) {
    super(reason.message);
    this.reason = reason;
    this.written = written;
  }
}

export function wireError(error: unknown): ApiError {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof DomainError ? { code: error.apiCode, message } : { code: 'internal', message };
}

const waiting: (() => void)[] = [];
let busy = 0;
const running = new Set<Worker>();
/** Counts the service's stops: an ingest that waited for its turn across one does not start. */
let stops = 0;

/** The upload verified and sealed, or an IngestFailed saying why and what to remove. */
export async function sealUpload(job: IngestJob): Promise<{ sealed: SealedUpload; written: Written }> {
  const stopsBefore = stops;
  if (busy >= INGEST_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  busy++;
  try {
    if (stops !== stopsBefore) throw new IngestFailed(stoppedError(), { blobs: [], keys: [] });
    return await runWorker(job, stopsBefore);
  } finally {
    busy--;
    waiting.shift()?.();
  }
}

/**
 * Ends the ingests under way, for a service that stops: a worker left to finish would keep the
 * process alive for as long as its bundle takes to check and seal (minutes for a large one on a
 * busy machine) after the service stopped answering. Each fails; the blobs and the key it wrote
 * are swept at the next start (storage/sweep.ts), and `cairn remote submit` completes it again then.
 */
export async function stopIngests(): Promise<void> {
  stops++;
  await Promise.all([...running].map((worker) => worker.terminate()));
}

const stoppedError = () => new DomainError('unavailable', 'The service stopped while it sealed this upload; complete it again once the service is back.');

/** `stopsAtStart`: the stops counted when the ingest was asked for; one more means a stop ended it. */
function runWorker(job: IngestJob, stopsAtStart: number): Promise<{ sealed: SealedUpload; written: Written }> {
  const worker = new Worker(entryUrl('src/server/ingest-worker.ts'), { workerData: job });
  running.add(worker);
  return new Promise((resolve, reject) => {
    worker.on('message', (m: FromIngestWorker) => {
      if (m.type === 'done') resolve(m);
      else reject(new IngestFailed(m.error.code === 'internal' ? new Error(m.error.message) : new DomainError(m.error.code, m.error.message), m.written));
    });
    worker.on('error', (error) => reject(new IngestFailed(error, { blobs: [], keys: [] })));
    worker.on('exit', (code) => {
      running.delete(worker);
      const reason = stops !== stopsAtStart ? stoppedError() : new Error(`the ingest worker stopped (exit code ${code}) before it answered`);
      reject(new IngestFailed(reason, { blobs: [], keys: [] }));
    });
  });
}
