// The worker thread of one export (see export-job.ts): opens its own connection to the store,
// runs runExport, and posts progress (at most every 100 ms), then the result or the failure.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open-store.ts';
import { encodeError, type ExportWorkerData, type FromExportWorker, OUT_DIR } from './export-job.ts';
import { runExport } from './run-export.ts';

const PROGRESS_EVERY_MS = 100;

const data = workerData as ExportWorkerData;
const state = new Int32Array(data.state);
const post = (m: FromExportWorker): void => parentPort!.postMessage(m);
// The key of an encrypted store comes from the thread that opened it, not from the OS secret
// store a second time.
const givenKey = { name: 'the running Cairn', read: () => (data.key ? Buffer.from(data.key) : null), write: () => undefined, remove: () => undefined };

let lastProgress = 0;
let store: ReturnType<typeof openStore> | null = null;
try {
  store = openStore(data.dataDir, { keyStore: givenKey, onRepair: () => undefined });
  const result = await runExport(store, {
    ...data.options,
    onPrepared: (p) => Atomics.store(state, 0, p.created ? OUT_DIR.created : OUT_DIR.foundEmpty),
    onProgress: (progress) => {
      if (progress.done < progress.total && Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = Date.now();
      post({ type: 'progress', progress });
    },
  });
  Atomics.store(state, 0, OUT_DIR.finished);
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'failed', error: encodeError(error) });
} finally {
  store?.close();
}
