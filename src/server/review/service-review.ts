// The service's own review of what is uploaded: after an upload is stored, its sessions are queued
// for Cairn's detectors (the desktop's scanSession: typed text, titles, task, OCR of every frame) in
// a worker thread, one session at a time, so that neither an upload nor any other request waits on
// OCR. Until a session is checked it shows as checking and approval is refused (fail closed); what
// the detectors find is stored sealed as the service's own findings (service-record.ts), open until
// a reviewer redacts (redact-on-service.ts) or waives them here. Sessions left unchecked by a stop
// are queued again at start.
import { findingsOf, allFrameBytes, eventsOf, openSession, contentAad } from '../session-content.ts';
import { markChecked, uncheckedSessions } from '../db/sessions-repo.ts';
import type { ServerContext } from '../server-context.ts';
import { seal } from '../storage/content-cipher.ts';
import { openCount } from '../server-findings.ts';
import { ReviewWorker } from './review-job.ts';
import { encodeRecord } from './service-record.ts';

export class ServiceReview {
  /** Detectors and redactions each have a worker: a reviewer's redaction never waits on a long OCR. */
  readonly scanner = new ReviewWorker();
  readonly redactor = new ReviewWorker();
  /** Per session, the redaction under way: the next one on the same session waits for it. */
  readonly redacting = new Map<string, Promise<unknown>>();
  private checks: Promise<void> = Promise.resolve();
  private closing = false;
  private readonly ctx: ServerContext;

  constructor(ctx: Omit<ServerContext, 'review'>) {
    this.ctx = { ...ctx, review: this };
  }

  /** Queues every session not yet checked (at start: those a stop left unchecked). */
  async resume(): Promise<void> {
    this.enqueue(await uncheckedSessions(this.ctx.db));
  }

  enqueue(ids: readonly string[]): void {
    for (const id of ids) {
      this.checks = this.checks.then(() =>
        this.check(id).catch((error: unknown) => {
          // The session stays unchecked, so it cannot be approved; the next start tries again.
          if (this.closing) return;
          process.stderr.write(`cairn: the service's detectors could not check session ${id} (${(error as Error).message}); it cannot be approved until they do (they run again at the next start).\n`);
        }),
      );
    }
  }

  /** Resolves once every session queued so far was checked. */
  idle(): Promise<void> {
    return this.checks;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([this.scanner.close(), this.redactor.close()]);
  }

  private async check(id: string): Promise<void> {
    if (this.closing) return;
    const { db } = this.ctx;
    let opened;
    try {
      opened = await openSession(this.ctx, id);
    } catch {
      return; // erased meanwhile: nothing to check
    }
    const found = await this.scanner.scan({ part: opened.part, events: eventsOf(opened), frames: await allFrameBytes(this.ctx, opened) });
    const record = { ...opened.record, findings: found };
    const open = openCount(await findingsOf(db, { ...opened, record }));
    const review = seal(opened.key, contentAad(id, 'review'), encodeRecord(record));
    // Stored only if nothing changed meanwhile (an erasure): else there is nothing to store it for.
    await markChecked(db, id, { generation: opened.generation, review, openFindings: open, at: Date.now() });
  }
}
