// What a recording asks of the accessibility tree, behind an interface so unit tests can use a
// fake: the element under a click, a window's bounded tree, a round trip to an app, and the focus
// moves of every app. The real one (AtspiSource) asks the accessibility worker; every request has
// a time bound, after which it is answered as a `timeout` miss, and none ever waits on this thread.
import { Worker } from 'node:worker_threads';
import { entryUrl } from '../../core/app-root.ts';
import type { AtspiAnswer, AtspiRequest, FromWorker, ToWorker, WorkerConfig } from './atspi-protocol.ts';
import { noBusReason } from './bus-address.ts';

export type FocusMessage = Extract<FromWorker, { type: 'focus' | 'focus-element' }>;

export interface AccessibilitySource {
  ask(request: AtspiRequest): Promise<AtspiAnswer>;
  onFocus(listener: (message: FocusMessage) => void): void;
  /** Why there is no accessibility bus, once that is known (null while there is one, or not yet known). */
  readonly problem: string | null;
  close(): Promise<void>;
}

/** How long each kind of request may take, once the worker is ready, before it is a `timeout`. A
 *  round trip holds keys (within the gate's one second), so it has the least; a click's element and
 *  a tree hold nothing, and a loaded machine answers slowly: with two CPU hogs, Mousepad answered
 *  for the clicks just after its menu opened in over 1.5 s in 3 of 4 runs (tests/xvfb/elements-
 *  atspi.test.ts, which a CI run failed so), and within 3 s in 4 of 4. */
const TIME_BOUNDS: Record<AtspiRequest['type'], number> = { barrier: 800, 'element-at': 3000, tree: 3000 };
/** How long the worker may take to reach the bus. */
const START_MS = 3000;

export class AtspiSource implements AccessibilitySource {
  /** None where the environment names no bus: then every request is a `no-bus` miss from the start. */
  private readonly worker: Worker | undefined;
  private readonly waiting = new Map<number, (answer: AtspiAnswer) => void>();
  private readonly focusListeners: ((message: FocusMessage) => void)[] = [];
  private nextId = 1;
  private closed = false;
  /** Resolves when the worker has reached the bus (or failed to): request time counts from then. */
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  problem: string | null = null;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    // No bus to look for: the worker's thread and D-Bus library (some 25 MB) are never started.
    const noBus = noBusReason(env);
    if (noBus) {
      this.fail(noBus);
      return;
    }
    const workerData: WorkerConfig = { env: { ...env }, callMs: 500 };
    this.worker = new Worker(entryUrl('src/capture/atspi/atspi-worker.ts'), { workerData });
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('error', (error) => this.fail(`the accessibility worker failed (${error.message})`));
    this.worker.on('exit', () => this.fail('the accessibility worker stopped'));
    // The recording must never wait on it to end.
    this.worker.unref();
    const startTimer = setTimeout(() => this.fail(`the accessibility bus did not answer within ${START_MS / 1000} s`), START_MS);
    startTimer.unref();
    void this.ready.then(() => clearTimeout(startTimer));
  }

  ask(request: AtspiRequest): Promise<AtspiAnswer> {
    if (this.closed || this.problem) return Promise.resolve({ ok: false, miss: 'no-bus', why: this.problem ?? 'closed' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = (answer: AtspiAnswer) => {
        clearTimeout(timer);
        if (this.waiting.delete(id)) resolve(answer);
      };
      this.waiting.set(id, settle);
      this.worker?.postMessage({ type: 'request', id, request } satisfies ToWorker);
      void this.ready.then(() => {
        if (this.waiting.has(id)) timer = setTimeout(() => settle({ ok: false, miss: 'timeout' }), TIME_BOUNDS[request.type]);
      });
    });
  }

  onFocus(listener: (message: FocusMessage) => void): void {
    this.focusListeners.push(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fail('closed');
    this.worker?.postMessage({ type: 'close' } satisfies ToWorker);
    await this.worker?.terminate();
  }

  private onMessage(m: FromWorker): void {
    switch (m.type) {
      case 'answer':
        this.waiting.get(m.id)?.(m.answer);
        break;
      case 'unavailable':
        this.fail(m.problem);
        // Nothing to ask without a bus: the thread's memory (some 25 MB) goes back.
        void this.worker?.terminate();
        break;
      case 'ready':
        this.markReady();
        break;
      case 'focus':
      case 'focus-element':
        for (const listener of this.focusListeners) listener(m);
        break;
    }
  }

  /** From now on every request is a `no-bus` miss; those waiting are answered so at once. */
  private fail(problem: string): void {
    this.problem ??= problem;
    this.markReady();
    for (const settle of [...this.waiting.values()]) settle({ ok: false, miss: 'no-bus', why: problem });
  }
}
