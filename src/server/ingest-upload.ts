// An upload becomes sessions: the staged bytes are verified exactly as `cairn bundle import`
// verifies a bundle (verifyBundleBytes: container, digests, schemas, consent receipts, frames as
// images), then each session is sealed with a key of its own and stored, all in one transaction,
// and queued for the service's own detectors.
// Completing the same upload again answers what the first completion stored: nothing twice.
import { createHash } from 'node:crypto';
import { DomainError } from '../core/domain-error.ts';
import { BundleRefused } from '../export/bundle/bundle-format.ts';
import { verifyBundleBytes } from '../export/bundle/import-bundle.ts';
import type { VerifiedSession } from '../export/bundle/verify-bundle.ts';
import { logAccess } from './db/access-log-repo.ts';
import { withTx } from './db/pool.ts';
import { insertContent, insertFrames, insertSession, sessionsPresent } from './db/sessions-repo.ts';
import { completeUpload, getUpload, lockUpload } from './db/uploads-repo.ts';
import { checkUploadPolicy, recordSteps } from './governance/upload-governance.ts';
import type { ServerContext, User } from './server-context.ts';
import { seal } from './storage/content-cipher.ts';
import { sessionKeyName } from './storage/key-files.ts';
import { openCount, serverFindings } from './server-findings.ts';
import { contentAad, partAad } from './session-content.ts';

export async function ingestUpload(ctx: ServerContext, user: User, uploadId: string): Promise<string[]> {
  const upload = await getUpload(ctx.db, uploadId);
  if (!upload || upload.userId !== user.id) throw new DomainError('not-found', `There is no upload ${uploadId} of yours on this service; start the upload again.`);
  if (upload.sessions) return upload.sessions;
  const { staging } = ctx.storage;
  const held = staging.offset(uploadId);
  if (held !== upload.size) throw new DomainError('conflict', `Upload ${uploadId} holds ${held} of its ${upload.size} bytes; send the rest before completing it.`);
  const bytes = staging.read(uploadId);
  if (createHash('sha256').update(bytes).digest('hex') !== upload.sha256) {
    // Start over rather than keep bytes that can never complete.
    staging.remove(uploadId);
    throw new DomainError('invalid-input', `Upload ${uploadId} does not match the sha256 it declared (damaged on the way); it was discarded: send it again.`);
  }
  let bundle;
  try {
    bundle = await verifyBundleBytes(bytes, `The upload ${uploadId}`);
  } catch (error) {
    if (error instanceof BundleRefused) throw new DomainError('invalid-input', error.message);
    throw error;
  }
  const ids = bundle.sessions.map((s) => s.part.id);
  const at = Date.now();
  const stored = await withTx(ctx.db, async (tx) => {
    const locked = await lockUpload(tx, uploadId);
    if (locked?.sessions) return locked.sessions;
    for (const here of await sessionsPresent(tx, ids)) {
      if (here.state === 'erased') throw new DomainError('conflict', `Session ${here.id} was erased on this service (withdrawn or deleted) and stays erased; nothing of upload ${uploadId} was stored.`);
      throw new DomainError('conflict', `Session ${here.id} is already on this service (${here.state}); nothing of upload ${uploadId} was stored.`);
    }
    await checkUploadPolicy(tx, bundle.sessions);
    for (const s of bundle.sessions) await storeSession(ctx, tx, s, { ownerId: user.id, uploadId, at });
    await logAccess(tx, { sessionIds: ids, userId: user.id, action: 'upload', at, detail: { upload: uploadId, digest: bundle.digest } });
    await completeUpload(tx, uploadId, ids, at);
    return ids;
  });
  staging.remove(uploadId);
  // The service's own detectors, off the request: the sessions show as checking until they ran.
  ctx.review?.enqueue(stored);
  return stored;
}

async function storeSession(ctx: ServerContext, tx: Parameters<typeof insertSession>[0], s: VerifiedSession, o: { ownerId: number; uploadId: string; at: number }): Promise<void> {
  const id = s.part.id;
  const key = ctx.storage.keys.ensure(sessionKeyName(id));
  // Stored as the bundle spells them, so that a pull hands on what was verified here.
  const part = Buffer.from(`${JSON.stringify(s.part)}\n`);
  const events = Buffer.from(s.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const frames = [];
  for (const f of s.part.frames) {
    const sealed = seal(key, partAad(id, f.part), s.frames.get(f.seq)!);
    frames.push({ seq: f.seq, blob: await ctx.storage.blobs.put(sealed), size: sealed.length });
  }
  await insertSession(tx, {
    id,
    ownerId: o.ownerId,
    uploadId: o.uploadId,
    submittedAt: o.at,
    startedAt: s.part.startedAt,
    endedAt: s.part.endedAt,
    events: s.events.length,
    frames: s.part.frames.length,
    // Counted as the service sees them: the bundle's waivers were made elsewhere (its own
    // detectors add theirs once they ran, review/service-review.ts).
    openFindings: openCount(serverFindings(s.part, s.events)),
  });
  await recordSteps(tx, s);
  await insertContent(tx, id, { part: seal(key, contentAad(id, 'part'), part), events: seal(key, contentAad(id, 'events'), events) });
  await insertFrames(tx, id, frames);
}
