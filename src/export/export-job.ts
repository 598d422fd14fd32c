// One export run off the caller's thread: runExport in a worker thread with its own store
// connection, so the browser host keeps answering requests and the CLI keeps hearing signals while
// an export of thousands of frames is written. Progress comes back as messages; cancel() stops the
// worker wherever it is and takes back the folder it was writing (nothing is recorded, since the
// export's record is written last, in one transaction).
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { entryUrl } from '../core/app-root.ts';
import { DomainError } from '../core/domain-error.ts';
import type { Store } from '../store/store.ts';
import type { ApiError } from '../shared/contract.ts';
import { assertExportable } from './egress.ts';
import { checkOutDir, undoOutDir } from './out-dir.ts';
import type { ExportOptions, ExportProgress, ExportResult } from './run-export.ts';

export type JobOptions = Pick<ExportOptions, 'sessionIds' | 'format' | 'outDir' | 'actor' | 'onProgress'>;

export interface ExportJob {
  readonly result: Promise<ExportResult>;
  /** Stops the export and removes what it wrote; resolves once both are done. A finished export is kept. */
  cancel(): Promise<void>;
}

/** The worker's progress through the destination, in shared memory so that it is known at once,
 *  even when the worker is stopped before a message could leave it. */
export const OUT_DIR = { untouched: 0, created: 1, foundEmpty: 2, finished: 3 } as const;

export interface ExportWorkerData {
  dataDir: string;
  /** Arrives as a Uint8Array (structured clone). */
  key: Uint8Array | null;
  options: Omit<JobOptions, 'onProgress'>;
  state: SharedArrayBuffer;
}

/** A failure on the wire: the contract's ApiError (the code every DomainError carries). */
export type WireError = ApiError;

export type FromExportWorker =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'done'; result: ExportResult }
  | { type: 'failed'; error: WireError };

/** Starts the export; a destination or a session that is refused is refused here, at once, before
 *  a worker is started (the worker checks again, as runExport always does). */
export function startExport(store: Store, o: JobOptions): ExportJob {
  checkOutDir(o.outDir, path.dirname(store.path));
  assertExportable(store, [...new Set(o.sessionIds)]);
  const state = new Int32Array(new SharedArrayBuffer(4));
  const workerData: ExportWorkerData = {
    dataDir: path.dirname(store.path),
    key: store.key,
    options: { sessionIds: o.sessionIds, format: o.format, outDir: o.outDir, actor: o.actor },
    state: state.buffer as SharedArrayBuffer,
  };
  const worker = new Worker(entryUrl('src/export/export-worker.ts'), { workerData });
  let cancelled = false;
  const result = new Promise<ExportResult>((resolve, reject) => {
    worker.on('message', (m: FromExportWorker) => {
      if (m.type === 'progress') o.onProgress?.(m.progress);
      else if (m.type === 'done') resolve(m.result);
      else reject(decodeError(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (cancelled) reject(new DomainError('unavailable', 'The export was stopped before it finished, and its unfinished files were removed; nothing was recorded.'));
      else reject(new Error(`the export worker stopped (exit code ${code}) before it finished`));
    });
  });
  // Settled either way, the worker has nothing more to do (a rejection is the caller's to handle).
  result.then(() => worker.terminate(), () => worker.terminate());
  return {
    result,
    async cancel() {
      cancelled = true;
      await worker.terminate();
      const reached = Atomics.load(state, 0);
      if (reached === OUT_DIR.created || reached === OUT_DIR.foundEmpty) {
        undoOutDir({ dir: path.resolve(o.outDir), created: reached === OUT_DIR.created });
      }
    },
  };
}

export function encodeError(error: unknown): WireError {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof DomainError ? { code: error.apiCode, message } : { code: 'internal', message };
}

/** A refusal comes back as the DomainError it was (its code, its sentence); anything else as the
 *  bug it is. */
function decodeError(e: WireError): Error {
  return e.code === 'internal' ? new Error(e.message) : new DomainError(e.code, e.message);
}
