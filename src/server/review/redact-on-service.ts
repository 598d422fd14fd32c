// A reviewer's destructive redaction on the service: a typed-text span, a window title, the task or
// a box on a frame (or what one finding points at), made by the desktop's own redaction code in the
// review worker. The session is then sealed again under a NEW key: the new parts and frame blobs
// are written, the rows switched to them in one transaction (with the 'redact' access-log entry),
// and only then the old key file destroyed and the old blobs removed. What lingers of the old
// content in PostgreSQL's table files, its WAL or the blob folder's free blocks is ciphertext under
// a key that no longer exists. A crash part-way leaves either the old or the new generation in
// force; the start-up sweep removes the other's key and blobs.
import { DomainError } from '../../core/domain-error.ts';
import { WHOLE_FRAME } from '../../review/redaction/black-out-box.ts';
import type { FindingLocation } from '../../store/findings-repo.ts';
import type { RedactRequest, ServerFinding } from '../../remote/api-schemas.ts';
import { logAccess } from '../db/access-log-repo.ts';
import { withTx } from '../db/pool.ts';
import { readContent, replaceContent, sessionSummary } from '../db/sessions-repo.ts';
import { replaceReasons, sealedReasons, waiversOf } from '../db/waivers-repo.ts';
import type { ServerContext, User } from '../server-context.ts';
import { openCount, serverFindings } from '../server-findings.ts';
import { allFrameBytes, contentAad, eventsOf, findingsOf, type OpenedSession, openSession, partAad } from '../session-content.ts';
import { open, seal } from '../storage/content-cipher.ts';
import { sessionKeyName } from '../storage/key-files.ts';
import { asBuffer, type PlainSession, type RedactTarget } from './review-job.ts';
import { encodeRecord, type ServiceRecord } from './service-record.ts';
import type { ServiceReview } from './service-review.ts';

export interface RedactOutcome {
  /** What was redacted, as the access log names it (never what was there). */
  redacted: Record<string, unknown>;
  findings: ServerFinding[];
}

export async function redactOnService(ctx: ServerContext & { review: ServiceReview }, user: User, id: string, request: RedactRequest): Promise<RedactOutcome> {
  // One redaction of a session at a time in this service: each seals the session under the next key.
  const before = ctx.review.redacting.get(id) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(() => redact(ctx, user, id, request));
  ctx.review.redacting.set(id, run);
  try {
    return await run;
  } finally {
    if (ctx.review.redacting.get(id) === run) ctx.review.redacting.delete(id);
  }
}

async function redact(ctx: ServerContext & { review: ServiceReview }, user: User, id: string, request: RedactRequest): Promise<RedactOutcome> {
  const s = await sessionSummary(ctx.db, id);
  if (!s || s.state === 'erased') throw new DomainError('not-found', `There is no session ${id} on this service (unknown, or erased by its contributor).`);
  if (s.state !== 'submitted') throw new DomainError('conflict', `Session ${id} is ${s.state}, and a session can be redacted on the service only before the decision.`);
  if (s.checking) throw new DomainError('conflict', `Session ${id} is still being checked by the service's detectors; redact it once they are done (the review screen shows when).`);
  const opened = await openSession(ctx, id);
  const target = targetOf(request, opened, await findingsOf(ctx.db, opened));
  const at = Date.now();
  const plain: PlainSession = { part: opened.part, events: eventsOf(opened), frames: await allFrameBytes(ctx, opened) };
  const { session, painted } = await ctx.review.redactor.redact(plain, target, { actor: user.name, reason: `redacted on the service by ${user.name}`, at });
  const done = painted ? { kind: 'box' as const, target: { frameSeq: (target as { frameSeq: number }).frameSeq, box: painted.box, whole: painted.whole } } : { kind: target.kind, target: placeOf(target) };
  const record: ServiceRecord = { ...opened.record, redactions: [...opened.record.redactions, { ...done, by: user.name, at }] };
  return reseal(ctx, user, opened, session, record, { redacted: { kind: done.kind, ...done.target }, at });
}

/** The redaction a request asks for, its place checked against the session. */
function targetOf(request: RedactRequest, opened: OpenedSession, findings: readonly ServerFinding[]): RedactTarget {
  if (request.kind !== 'finding') return request;
  const n = request.finding;
  const finding = findings.find((f) => f.n === n);
  if (!finding) throw new DomainError('not-found', `Session ${opened.part.id} has no finding ${n}; the review screen numbers them.`);
  if (finding.status === 'redacted') throw new DomainError('conflict', `Finding ${n} of session ${opened.part.id} is redacted already.`);
  const bundled = opened.part.findings ?? [];
  const l: FindingLocation = n <= bundled.length ? (JSON.parse(bundled[n - 1]!.location) as FindingLocation) : opened.record.findings[n - 1 - bundled.length]!.location;
  if (finding.source === 'text' && l.fromSeq !== undefined && l.toSeq !== undefined) return { kind: 'text', fromSeq: l.fromSeq, toSeq: l.toSeq };
  if (finding.source === 'title' && l.windowSeq !== undefined) return { kind: 'title', windowSeq: l.windowSeq };
  if (finding.source === 'task') return { kind: 'task' };
  // A frame finding without a box may show a secret anywhere on it: all of it is blacked out.
  if (finding.source === 'frame' && l.frameSeq !== undefined) return { kind: 'box', frameSeq: l.frameSeq, box: l.box ?? WHOLE_FRAME };
  throw new DomainError('invalid-input', `Finding ${n} of session ${opened.part.id} has no place the service can redact; waive it or reject the session.`);
}

const placeOf = ({ kind: _kind, ...place }: RedactTarget) => place as Record<string, unknown>;

/** Seals the redacted session under the next key generation and switches to it. */
async function reseal(ctx: ServerContext, user: User, opened: OpenedSession, session: PlainSession, record: ServiceRecord, o: { redacted: Record<string, unknown>; at: number }): Promise<RedactOutcome> {
  const id = opened.part.id;
  const generation = opened.generation + 1;
  const { keys, blobs } = ctx.storage;
  const key = await keys.ensure(sessionKeyName(id, generation));
  const written: string[] = [];
  let oldBlobs: string[];
  let findings: ServerFinding[];
  try {
    const frames = new Map(session.frames.map(([seq, bytes]) => [seq, asBuffer(bytes)]));
    const sealed = session.part.frames.map((f) => seal(key, partAad(id, f.part), frames.get(f.seq)!));
    // One syncfs for them all (blob-store.ts); synchronous, as a redaction is rare and short.
    written.push(...blobs.putMany(sealed));
    const sealedFrames = session.part.frames.map((f, i) => ({ seq: f.seq, blob: written[i]!, size: sealed[i]!.length }));
    const part = Buffer.from(`${JSON.stringify(session.part)}\n`);
    const events = Buffer.from(session.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
    ({ oldBlobs, findings } = await withTx(ctx.db, async (tx) => {
      const locked = await sessionSummary(tx, id, { lock: true });
      const now = await readContent(tx, id);
      if (!locked || locked.state !== 'submitted' || now?.generation !== opened.generation) {
        throw new DomainError('conflict', `Session ${id} changed while it was being redacted (decided, erased or redacted by someone else); look at it again and redo the redaction if it is still needed.`);
      }
      // Waiver reasons are sealed with the session's key: they move to the new one too.
      const reasons = (await sealedReasons(tx, id)).map((r) => ({ finding: r.finding, reason: seal(key, contentAad(id, `waiver ${r.finding}`), open(opened.key, contentAad(id, `waiver ${r.finding}`), r.reason)) }));
      await replaceReasons(tx, id, reasons);
      const findings = serverFindings(session.part, session.events, await waiversOf(tx, id), record);
      const oldBlobs = await replaceContent(tx, id, {
        generation,
        part: seal(key, contentAad(id, 'part'), part),
        events: seal(key, contentAad(id, 'events'), events),
        review: seal(key, contentAad(id, 'review'), encodeRecord(record)),
        frames: sealedFrames,
        openFindings: openCount(findings),
      });
      // Where, never what: seqs, a window, a box.
      await logAccess(tx, { sessionIds: [id], userId: user.id, action: 'redact', at: o.at, detail: o.redacted });
      return { oldBlobs, findings };
    }));
  } catch (error) {
    await keys.destroy(sessionKeyName(id, generation));
    for (const blob of written) blobs.remove(blob);
    throw error;
  }
  // After the commit; were the service to stop here, the start-up sweep finishes it (sweep.ts).
  await keys.destroy(sessionKeyName(id, opened.generation));
  for (const blob of oldBlobs) blobs.remove(blob);
  return { redacted: o.redacted, findings };
}
