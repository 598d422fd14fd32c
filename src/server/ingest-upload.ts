// An upload becomes sessions: a worker thread verifies the staged bytes exactly as `cairn bundle
// import` verifies a bundle (verifyBundleBytes: container, digests, schemas, consent receipts, frames
// as images) and seals each session with a key of its own (ingest-worker.ts, ingest-jobs.ts); then
// the rows are stored here, all in one transaction, and queued for the service's own detectors. An
// upload that is not stored takes its sealed blobs and new keys away again. A completion asked for again while one runs joins it; once it is
// done, it answers what the first completion stored: nothing twice.
import { createHash } from 'node:crypto';
import { DomainError } from '../core/domain-error.ts';
import { logAccess } from './db/access-log-repo.ts';
import { withTx } from './db/pool.ts';
import { insertContent, insertFrames, insertSession, sessionsPresent } from './db/sessions-repo.ts';
import { completeUpload, getUpload, lockUpload, type UploadRow } from './db/uploads-repo.ts';
import { checkUploadPolicy, recordSteps } from './governance/upload-governance.ts';
import { IngestFailed, type SealedSession, sealUpload, type Written } from './ingest-jobs.ts';
import type { ServerContext, User } from './server-context.ts';
import { sessionKeyName } from './storage/key-files.ts';

const inFlight = new Map<string, Promise<string[]>>();

export async function ingestUpload(ctx: ServerContext, user: User, uploadId: string): Promise<string[]> {
  const upload = await getUpload(ctx.db, uploadId);
  if (!upload || upload.userId !== user.id) throw new DomainError('not-found', `There is no upload ${uploadId} of yours on this service; start the upload again.`);
  if (upload.sessions) return upload.sessions;
  const running = inFlight.get(uploadId);
  if (running) return running;
  const done = ingest(ctx, user, upload);
  inFlight.set(uploadId, done);
  const forget = () => inFlight.delete(uploadId);
  done.then(forget, forget);
  return done;
}

async function ingest(ctx: ServerContext, user: User, upload: UploadRow): Promise<string[]> {
  const uploadId = upload.id;
  const { staging } = ctx.storage;
  const held = staging.offset(uploadId);
  if (held !== upload.size) throw new DomainError('conflict', `Upload ${uploadId} holds ${held} of its ${upload.size} bytes; send the rest before completing it.`);
  let job;
  try {
    job = await sealUpload({ blobDir: ctx.storage.dir, uploadId, sha256: upload.sha256 });
  } catch (error) {
    if (!(error instanceof IngestFailed)) throw error;
    await takeBack(ctx, error.written);
    throw error.reason;
  }
  const { sealed, written } = job;
  const ids = sealed.sessions.map((s) => s.id);
  const at = Date.now();
  let stored;
  try {
    stored = await withTx(ctx.db, async (tx) => {
      const locked = await lockUpload(tx, uploadId);
      if (locked?.sessions) return { ids: locked.sessions, ours: false };
      for (const here of await sessionsPresent(tx, ids)) {
        if (here.state === 'erased') throw new DomainError('conflict', `Session ${here.id} was erased on this service (withdrawn or deleted) and stays erased; nothing of upload ${uploadId} was stored.`);
        throw new DomainError('conflict', `Session ${here.id} is already on this service (${here.state}); nothing of upload ${uploadId} was stored.`);
      }
      await checkUploadPolicy(tx, sealed.sessions);
      for (const s of sealed.sessions) await storeSession(ctx, tx, s, { ownerId: user.id, uploadId, at });
      await logAccess(tx, { sessionIds: ids, userId: user.id, action: 'upload', at, detail: { upload: uploadId, digest: sealed.digest } });
      await completeUpload(tx, uploadId, ids, at);
      return { ids, ours: true };
    });
  } catch (error) {
    await takeBack(ctx, written);
    throw error;
  }
  // Stored by a completion that ran beside this one: this one's copies are not named by any row.
  if (!stored.ours) await takeBack(ctx, written);
  await staging.remove(uploadId);
  // The service's own detectors, off the request: the sessions show as checking until they ran.
  ctx.review?.enqueue(stored.ids);
  return stored.ids;
}

async function storeSession(ctx: ServerContext, tx: Parameters<typeof insertSession>[0], s: SealedSession, o: { ownerId: number; uploadId: string; at: number }): Promise<void> {
  // The key may have been destroyed and made again by a failed upload of the same session racing
  // this one; content sealed with a key that is gone would be unreadable.
  const key = ctx.storage.keys.read(sessionKeyName(s.id));
  if (!key || createHash('sha256').update(key).digest('hex') !== s.keySha256) {
    throw new DomainError('conflict', `Session ${s.id} was being stored by another upload at the same time; complete upload ${o.uploadId} again.`);
  }
  await insertSession(tx, { id: s.id, ownerId: o.ownerId, uploadId: o.uploadId, submittedAt: o.at, startedAt: s.startedAt, endedAt: s.endedAt, events: s.events, frames: s.frames.length, openFindings: s.openFindings });
  await recordSteps(tx, s.id, s.steps);
  await insertContent(tx, s.id, { part: Buffer.from(s.part), events: Buffer.from(s.eventBytes) });
  await insertFrames(tx, s.id, s.frames);
}

/** Removes what a job wrote for an upload that was not stored (the start-up sweep would, later). */
async function takeBack(ctx: ServerContext, written: Written): Promise<void> {
  for (const blob of written.blobs) ctx.storage.blobs.remove(blob);
  for (const key of written.keys) await ctx.storage.keys.destroy(key);
}
