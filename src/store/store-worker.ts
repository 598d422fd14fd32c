// The store worker: owns the recorder's database connection off the input thread. Batches that
// queue up while a transaction runs are committed together; consent is re-checked every
// `consentCheckMs` (and read by every commit, which a withdrawal refuses); every failure is posted
// back as a message, never swallowed.
import { parentPort, workerData } from 'node:worker_threads';
import { activeAcceptance } from './consent-repo.ts';
import { unpackEvents } from './event-packing.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';
import { StoreError } from './store-error.ts';
import type { FromWorker, ToWorker, Totals, WireBatch, WorkerConfig, WorkerFailure } from './worker-protocol.ts';
import { writeBatch } from './write-batch.ts';

/**
 * The page cache of the writer's connection (KiB). better-sqlite3 builds SQLite with a default of
 * 16 MB per connection, and a recording only appends: every page it writes entered that cache and
 * stayed, so a recorder's memory rose ~0.4 MB a minute for the first forty minutes (heaptrack:
 * SQLite's page cache was all the malloc growth between 3 and 8 minutes). Appends touch the right
 * edge of each B-tree and the pages of the batch at hand; 1 MB holds those many times over.
 */
const WRITER_CACHE_KIB = 1024;

const port = parentPort!;
const config = workerData as WorkerConfig;
const totals: Totals = { committedEvents: 0, committedFrames: 0, bytes: 0, failedEvents: 0, failedFrames: 0 };
let pending: WireBatch[] = [];
let drainScheduled = false;
let withdrawnReported = false;
// After SQLITE_FULL every later batch would fail the same way: they are counted as failed and the
// error is reported once, as fatal, so the recorder stops instead of retrying into a full disk.
let diskFull = false;

function post(message: FromWorker): void {
  port.postMessage(message);
}

function failure(err: unknown): WorkerFailure {
  const e = err as { code?: unknown; message?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : 'unknown',
    message: typeof e?.message === 'string' ? e.message : String(err),
    storeError: err instanceof StoreError,
  };
}

function drain(store: Store): void {
  drainScheduled = false;
  if (!pending.length) return;
  const group = pending;
  pending = [];
  if (diskFull) return countFailed(group);
  try {
    const done = store.tx(() => {
      const sum = { events: 0, frames: 0, bytes: 0 };
      for (const batch of group) {
        const r = writeBatch(store, config.sessionId, { ...batch, events: unpackEvents(batch.events) });
        sum.events += r.events;
        sum.frames += r.frames;
        sum.bytes += r.bytes;
      }
      return sum;
    });
    const commitAt = performance.timeOrigin + performance.now();
    totals.committedEvents += done.events;
    totals.committedFrames += done.frames;
    totals.bytes += done.bytes;
    const keyArrivals = group.flatMap((b) => b.keyArrivedAt ?? []);
    post({ type: 'commit', ...done, commitAt, ...(keyArrivals.length ? { keyArrivals } : {}) });
  } catch (err) {
    countFailed(group);
    if (err instanceof StoreError && err.code === 'no-consent') return reportWithdrawn();
    diskFull = err instanceof StoreError && err.code === 'full';
    post({ type: 'error', error: failure(err), fatal: diskFull });
  }
}

function reportWithdrawn(): void {
  if (withdrawnReported) return;
  withdrawnReported = true;
  post({ type: 'consent-withdrawn' });
}

function countFailed(group: WireBatch[]): void {
  for (const b of group) {
    totals.failedEvents += b.events.count;
    totals.failedFrames += b.frames.length;
  }
}

function checkConsent(store: Store): void {
  if (withdrawnReported) return;
  try {
    if (!activeAcceptance(store)) reportWithdrawn();
  } catch (err) {
    post({ type: 'error', error: failure(err), fatal: false });
  }
}

function main(): void {
  let store: Store;
  try {
    store = openStore(config.dataDir);
    store.db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
  } catch (err) {
    post({ type: 'error', error: failure(err), fatal: true });
    port.close();
    return;
  }
  // An interval, not a timer pushed back by each commit (which reads consent too): commits are at
  // least 300 ms apart (the recorder's FLUSH_MS), so such a timer fired between them all the same,
  // and Node left its system timer at each pushed-back time, one more wake-up of this thread a commit.
  const consentTimer = setInterval(() => checkConsent(store), config.consentCheckMs);
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'batch':
        pending.push(message.batch);
        if (!drainScheduled) {
          drainScheduled = true;
          // Let the rest of the queued messages arrive first, then commit them together.
          setImmediate(() => drain(store));
        }
        break;
      case 'flush':
        drain(store);
        post({ type: 'flushed', id: message.id, totals: { ...totals } });
        break;
      case 'close':
        drain(store);
        clearInterval(consentTimer);
        store.close();
        post({ type: 'closed', totals: { ...totals } });
        port.close();
        break;
    }
  });
  post({ type: 'ready' });
  checkConsent(store);
}

main();
