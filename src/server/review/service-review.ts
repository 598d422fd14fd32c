// The service's own review of what is uploaded: after an upload is stored, its sessions are queued
// for Cairn's detectors (the desktop's scanSession: typed text, titles, task, OCR of every frame) in
// worker threads (as many sessions at a time as `--check-workers`, default one less than the
// machine's cores), so that neither an upload nor any other request waits on OCR. Until a session is checked it shows as checking and approval is refused (fail closed); what
// the detectors find is stored sealed as the service's own findings (service-record.ts), open until
// a reviewer redacts (redact-on-service.ts) or waives them here. A check that fails (the database
// lost for a moment) is tried again after a growing wait; sessions left unchecked by a stop are
// queued again at start.
import { availableParallelism } from 'node:os';
import { DomainError } from '../../core/domain-error.ts';
import { findingsOf, allFrameBytes, eventsOf, openSession, contentAad } from '../session-content.ts';
import { markChecked, uncheckedSessions } from '../db/sessions-repo.ts';
import type { ServerContext } from '../server-context.ts';
import { seal } from '../storage/content-cipher.ts';
import { openCount } from '../server-findings.ts';
import { ReviewWorker } from './review-job.ts';
import { encodeRecord } from './service-record.ts';

/** Sessions checked at once unless told: one less than the cores (the event loop keeps one), at
 *  least one, at most four (each worker holds OCR's model, ~100 MB). */
export const defaultCheckWorkers = () => Math.max(1, Math.min(4, availableParallelism() - 1));

export class ServiceReview {
  /** Detectors and redactions have workers of their own: a reviewer's redaction never waits on a long OCR. */
  private readonly scanners: ReviewWorker[];
  private readonly idleScanners: ReviewWorker[];
  readonly redactor = new ReviewWorker();
  /** Per session, the redaction under way: the next one on the same session waits for it. */
  readonly redacting = new Map<string, Promise<unknown>>();
  private readonly waiting: string[] = [];
  private running = 0;
  /** Failed checks in a row, per session (for the wait before the next try). */
  private readonly failures = new Map<string, number>();
  private idleWaiters: (() => void)[] = [];
  private closing = false;
  private readonly ctx: ServerContext;

  constructor(ctx: Omit<ServerContext, 'review'>, o: { checkWorkers?: number } = {}) {
    this.ctx = { ...ctx, review: this };
    this.scanners = Array.from({ length: o.checkWorkers ?? defaultCheckWorkers() }, () => new ReviewWorker());
    this.idleScanners = [...this.scanners];
  }

  /** Queues every session not yet checked (at start: those a stop left unchecked). */
  async resume(): Promise<void> {
    this.enqueue(await uncheckedSessions(this.ctx.db));
  }

  enqueue(ids: readonly string[]): void {
    this.waiting.push(...ids);
    this.pump();
  }

  /** Resolves once every session queued so far was checked. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.scanners, this.redactor].map((w) => w.close()));
  }

  /** Starts a check on every idle worker while sessions wait, in the order they came. */
  private pump(): void {
    while (this.idleScanners.length > 0 && this.waiting.length > 0) {
      const scanner = this.idleScanners.pop()!;
      const id = this.waiting.shift()!;
      this.running++;
      void this.check(id, scanner)
        .then(() => this.failures.delete(id))
        .catch((error: unknown) => {
          // The session stays unchecked, so it cannot be approved. A lost database (a PostgreSQL
          // restart) is over in seconds: try again by itself, waiting longer each time (at most 5
          // minutes), rather than leave the session unapprovable until the service restarts.
          if (this.closing) return;
          const failures = (this.failures.get(id) ?? 0) + 1;
          this.failures.set(id, failures);
          const waitS = Math.min(300, 5 * 2 ** (failures - 1));
          process.stderr.write(`cairn: the service's detectors could not check session ${id} (${(error as Error).message}); it cannot be approved until they do; trying again in ${waitS} s.\n`);
          setTimeout(() => this.closing || this.enqueue([id]), waitS * 1000).unref();
        })
        .finally(() => {
          this.running--;
          this.idleScanners.push(scanner);
          this.pump();
          if (this.running === 0 && this.waiting.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        });
    }
  }

  private async check(id: string, scanner: ReviewWorker): Promise<void> {
    if (this.closing) return;
    const { db } = this.ctx;
    let opened;
    try {
      opened = await openSession(this.ctx, id);
    } catch (error) {
      // Erased meanwhile: nothing to check. Anything else (the database lost) is tried again.
      if (error instanceof DomainError && error.apiCode === 'not-found') return;
      throw error;
    }
    const found = await scanner.scan({ part: opened.part, events: eventsOf(opened), frames: await allFrameBytes(this.ctx, opened) });
    const record = { ...opened.record, findings: found };
    const open = openCount(await findingsOf(db, { ...opened, record }));
    const review = seal(opened.key, contentAad(id, 'review'), encodeRecord(record));
    // Stored only if nothing changed meanwhile (an erasure): else there is nothing to store it for.
    await markChecked(db, id, { generation: opened.generation, review, openFindings: open, at: Date.now() });
  }
}
