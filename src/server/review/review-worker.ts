// The worker thread of review-job.ts: each request loads one session into a fresh store in memory
// (the rows `bundle import` would store), then runs the review layer over it exactly as the desktop
// does: scanSession (every detector, OCR of the frames) or one destructive redaction (redactKeySpan,
// redactTitle, redactTask, blackOutBox), and reads the session back as a bundle's parts. The store
// is closed after each request: nothing of one session stays for the next.
import { parentPort } from 'node:worker_threads';
import { sessionPartOf } from '../../export/bundle/create-bundle.ts';
import { importedSession } from '../../export/bundle/import-bundle.ts';
import { encodeError } from '../../export/export-job.ts';
import { blackOutBox } from '../../review/redaction/black-out-box.ts';
import { redactKeySpan } from '../../review/redaction/redact-key-span.ts';
import { redactTask } from '../../review/redaction/redact-task.ts';
import { redactTitle } from '../../review/redaction/redact-title.ts';
import { scanSession } from '../../review/scan-session.ts';
import { insertBundledSession, readBundledSession } from '../../store/bundle-repo.ts';
import { openScratchStore } from '../../store/scratch-store.ts';
import type { Store } from '../../store/store.ts';
import { asBuffer, type FromReviewWorker, type PlainSession, type Redacted, type ReviewRequest } from './review-job.ts';
import type { ServiceFound } from './service-record.ts';

/** Who raised a finding in the store in memory: the imported ones carry their bundle's origin. */
const SERVICE_ACTOR = 'cairn-service';
/** What the store marks the uploaded claims with (its schema wants a bundle's origin). */
const SERVICE_ORIGIN = 'bundle:team-service';

parentPort!.on('message', (m: ReviewRequest & { id: number }) => {
  void handle(m).then(
    (result) => parentPort!.postMessage({ id: m.id, ok: true, result } satisfies FromReviewWorker),
    (error: unknown) => parentPort!.postMessage({ id: m.id, ok: false, error: encodeError(error) } satisfies FromReviewWorker),
  );
});

async function handle(m: ReviewRequest): Promise<ServiceFound[] | Redacted> {
  const store = openScratchStore();
  try {
    const id = m.session.part.id;
    const frames = new Map(m.session.frames.map(([seq, bytes]) => [seq, asBuffer(bytes)]));
    store.tx(() => insertBundledSession(store, importedSession({ part: m.session.part, events: m.session.events, frames }), SERVICE_ORIGIN));
    if (m.op === 'scan') {
      const found = await scanSession(store, id, { frames: true, actor: SERVICE_ACTOR });
      // A finding the bundle already had at the same place is left as it was (and counted as its).
      return found.filter((f) => f.claim === null).map((f) => ({ source: f.source, detector: f.detector, preview: f.preview, location: f.location }));
    }
    const o = { actor: m.actor, reason: m.reason, at: m.at };
    const t = m.target;
    let painted: Redacted['painted'];
    if (t.kind === 'text') redactKeySpan(store, id, t.fromSeq, t.toSeq, o);
    else if (t.kind === 'title') redactTitle(store, id, t.windowSeq, o);
    else if (t.kind === 'task') redactTask(store, id, o);
    else {
      const box = (await blackOutBox(store, id, t.frameSeq, t.box, o)).result.box;
      const frame = m.session.part.frames.find((f) => f.seq === t.frameSeq)!;
      painted = { box, whole: box.width === frame.width && box.height === frame.height };
    }
    return { session: readBack(store, m.session), painted };
  } finally {
    store.close();
  }
}

/** The session as it is now in the store: its rows, with what was uploaded of its consent,
 *  findings and audit kept as they were (the service keeps its own record beside them). */
function readBack(store: Store, before: PlainSession): PlainSession {
  const found = readBundledSession(store, before.part.id)!;
  const now = sessionPartOf(found, before.part.consent);
  const part = { ...now, findings: before.part.findings, audit: before.part.audit };
  // Rows read back as the bundle lines they were loaded from (a NULL axis stays null).
  return { part, events: found.content.events as PlainSession['events'], frames: found.content.frames.map((f) => [f.seq, f.bytes]) };
}
