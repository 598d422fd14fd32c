// Messages between the Electron main process and the service process (the utility process that
// owns the store and the recorder, so the main thread never waits on disk or on input hooks).
import type { InvokeResult } from '../host/invoke.ts';

export type ToService =
  | { type: 'call'; id: number; method: string; input: unknown }
  /** Process ids of the Electron app (main, renderers, GPU, the service): their windows are never recorded. */
  | { type: 'own-pids'; pids: number[] }
  | { type: 'close' };

export type FromService =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: InvokeResult }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'closed' }
  /** The service could not start (a corrupt or locked store, ...): one sentence. */
  | { type: 'failed'; message: string };
