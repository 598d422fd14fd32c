// The review layer run off the service's event loop: one worker thread (review-worker.ts) that loads
// a session's opened content into a store in memory and runs Cairn's own detectors over it (typed
// text, titles, task, OCR of frames) or one destructive redaction, and hands the result back. The
// service keeps answering requests meanwhile. Requests run one at a time, in order; a worker that
// dies fails the request it had and is started again for the next.
import { Worker } from 'node:worker_threads';
import { entryUrl } from '../../core/app-root.ts';
import { DomainError } from '../../core/domain-error.ts';
import type { EventLine, SessionPart } from '../../export/bundle/bundle-format.ts';
import type { ApiError } from '../../shared/contract.ts';
import type { ServiceFound } from './service-record.ts';

/** A session as the worker takes and gives it back: its session.json, events and frame bytes. */
export interface PlainSession {
  part: SessionPart;
  events: EventLine[];
  frames: [number, Uint8Array][];
}

/** A redaction with its place resolved (a finding's place, or what the reviewer gave). */
export type RedactTarget =
  | { kind: 'text'; fromSeq: number; toSeq: number }
  | { kind: 'title'; windowSeq: number }
  | { kind: 'task' }
  | { kind: 'box'; frameSeq: number; box: { x: number; y: number; width: number; height: number } };

export type ReviewRequest = { op: 'scan'; session: PlainSession } | { op: 'redact'; session: PlainSession; target: RedactTarget; actor: string; reason: string; at: number };

export interface Redacted {
  session: PlainSession;
  /** For a box: the box as painted (clipped to the frame), and whether it covers the whole frame. */
  painted?: { box: { x: number; y: number; width: number; height: number }; whole: boolean };
}

export type FromReviewWorker = { id: number; ok: true; result: ServiceFound[] | Redacted } | { id: number; ok: false; error: ApiError };

export class ReviewWorker {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private next = 1;
  /** Closed with its service: a request that comes later (a check that was still reading the
   *  session) is refused rather than given a new worker, which would run on after the stop. */
  private closed = false;

  scan(session: PlainSession): Promise<ServiceFound[]> {
    return this.run({ op: 'scan', session }) as Promise<ServiceFound[]>;
  }

  redact(session: PlainSession, target: RedactTarget, o: { actor: string; reason: string; at: number }): Promise<Redacted> {
    return this.run({ op: 'redact', session, target, ...o }) as Promise<Redacted>;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private run(request: ReviewRequest): Promise<unknown> {
    const result = this.queue.then(() => this.send(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(request: ReviewRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(new DomainError('unavailable', 'The service is stopping; the session is checked again at its next start.'));
    const id = this.next++;
    const worker = (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromReviewWorker) => {
        if (m.id !== id) return;
        settle();
        if (m.ok) resolve(m.result);
        else reject(m.error.code === 'internal' ? new Error(m.error.message) : new DomainError(m.error.code, m.error.message));
      };
      const onExit = (code: number) => {
        settle();
        if (this.worker === worker) this.worker = null;
        reject(new Error(`the review worker stopped (exit code ${code}) before it answered`));
      };
      const settle = () => worker.off('message', onMessage).off('exit', onExit);
      worker.on('message', onMessage).on('exit', onExit);
      worker.postMessage({ id, ...request });
    });
  }

  private start(): Worker {
    const worker = new Worker(entryUrl('src/server/review/review-worker.ts'));
    // An idle worker must not keep a stopping service alive.
    worker.unref();
    worker.on('error', () => undefined);
    return worker;
  }
}

/** Bytes that crossed the thread boundary (a Uint8Array) as a Buffer, without a copy. */
export const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
