// The recorder's handle on the store worker: batches go over by message (frame bytes transferred,
// not copied) so the input thread never waits on disk. Nothing is lost on close: the worker commits
// everything it has received before it closes the database.
import { Worker } from 'node:worker_threads';
import { entryUrl } from '../core/app-root.ts';
import { packEvents, packedBuffers } from './event-packing.ts';
import { isStoreErrorCode, StoreError } from './store-error.ts';
import type { CommitInfo, FromWorker, ToWorker, Totals, WorkerConfig, WorkerFailure, WriterBatch } from './worker-protocol.ts';

export type { CommitInfo, Totals, WriterBatch } from './worker-protocol.ts';

export interface StoreWriterOptions {
  /** How often the worker checks that consent is still in force (default 250 ms). */
  consentCheckMs?: number;
}

type Listener<T> = (value: T) => void;

export class StoreWriter {
  private readonly worker: Worker;
  private readonly flushes = new Map<number, { resolve: (t: Totals) => void; reject: (e: Error) => void }>();
  private readonly commitListeners: Listener<CommitInfo>[] = [];
  private readonly withdrawnListeners: Listener<void>[] = [];
  private readonly errorListeners: Listener<Error>[] = [];
  private nextFlushId = 1;
  private failedSinceFlush: Error | undefined;
  private closing: Promise<void> | undefined;
  private exited = false;
  private withdrawn = false;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      this.exited = true;
      if (!this.closing) this.fail(new Error(`The store worker stopped unexpectedly (exit code ${code}); recording cannot continue.`));
    });
  }

  /** Starts a worker that opens the store in `dataDir` and writes into session `sessionId`.
   *  Rejects with the StoreError of a store that cannot be opened (corrupt, locked, ...). */
  static start(dataDir: string, sessionId: string, options: StoreWriterOptions = {}): Promise<StoreWriter> {
    const workerData: WorkerConfig = { dataDir, sessionId, consentCheckMs: options.consentCheckMs ?? 250 };
    const worker = new Worker(entryUrl('src/store/store-worker.ts'), { workerData });
    return new Promise((resolve, reject) => {
      const settle = (done: () => void): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        done();
      };
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') settle(() => resolve(new StoreWriter(worker)));
        else if (m.type === 'error') settle(() => reject(fromFailure(m.error)));
      };
      const onError = (err: Error): void => settle(() => reject(err));
      const onExit = (code: number): void =>
        settle(() => reject(new Error(`The store worker exited (code ${code}) before the store was open.`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
  }

  /** Hands a batch to the worker: events go packed, frame bytes that own their whole ArrayBuffer
   *  are transferred (the caller must not use them afterwards). */
  write(batch: WriterBatch): void {
    if (this.closing || this.exited) throw new Error('The store writer is closed; start a new one to write.');
    const events = packEvents(batch.events);
    const message: ToWorker = { type: 'batch', batch: { ...batch, events } };
    try {
      this.worker.postMessage(message, [...packedBuffers(events), ...frameBuffers(batch)]);
    } catch {
      // Some frame buffers (external memory of native modules) cannot be transferred: copy those.
      this.worker.postMessage(message, packedBuffers(events));
    }
  }

  /** Resolves once every batch written before it has been committed (or has failed; failures go to
   *  onError). With no onError listener, a failure since the last flush rejects the flush instead. */
  flush(): Promise<Totals> {
    if (this.exited) return Promise.reject(new Error('The store writer is closed; nothing more can be flushed.'));
    const id = this.nextFlushId++;
    return new Promise((resolve, reject) => {
      this.flushes.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'flush', id } satisfies ToWorker);
    });
  }

  /** Commits what is queued, closes the database and ends the worker. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      this.worker.once('exit', () => resolve());
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    });
    return this.closing;
  }

  onCommit(listener: Listener<CommitInfo>): () => void {
    return subscribe(this.commitListeners, listener);
  }

  /** Told once when the worker finds no consent in force any more: the recorder must stop. A
   *  listener added after that is told at once, so a withdrawal right at start is never missed. */
  onConsentWithdrawn(listener: () => void): () => void {
    if (this.withdrawn) queueMicrotask(listener);
    return subscribe(this.withdrawnListeners, listener);
  }

  get consentWithdrawn(): boolean {
    return this.withdrawn;
  }

  onError(listener: Listener<Error>): () => void {
    return subscribe(this.errorListeners, listener);
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'commit': {
        const info: CommitInfo = { events: m.events, frames: m.frames, bytes: m.bytes, commitAt: m.commitAt };
        if (m.keyArrivals) info.keyArrivals = m.keyArrivals;
        for (const l of this.commitListeners) l(info);
        break;
      }
      case 'flushed': {
        const waiter = this.flushes.get(m.id);
        this.flushes.delete(m.id);
        const failed = this.failedSinceFlush;
        this.failedSinceFlush = undefined;
        if (failed && !this.errorListeners.length) waiter?.reject(failed);
        else waiter?.resolve(m.totals);
        break;
      }
      case 'consent-withdrawn':
        this.withdrawn = true;
        for (const l of this.withdrawnListeners) l();
        break;
      case 'error':
        this.report(fromFailure(m.error));
        break;
      case 'ready':
      case 'closed':
        break;
    }
  }

  private report(err: Error): void {
    this.failedSinceFlush = err;
    for (const l of this.errorListeners) l(err);
  }

  private fail(err: Error): void {
    this.report(err);
    for (const waiter of this.flushes.values()) waiter.reject(err);
    this.flushes.clear();
  }
}

function subscribe<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  };
}

function frameBuffers(batch: WriterBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const f of batch.frames) {
    const b = f.bytes.buffer;
    if (b instanceof ArrayBuffer && f.bytes.byteOffset === 0 && f.bytes.byteLength === b.byteLength) buffers.add(b);
  }
  return [...buffers];
}

/** The worker's failure as this thread's error: a StoreError keeps its code and sentence. */
function fromFailure(f: WorkerFailure): Error {
  if (f.storeError && isStoreErrorCode(f.code)) return new StoreError(f.code, f.message);
  return Object.assign(new Error(f.message), { code: f.code });
}
