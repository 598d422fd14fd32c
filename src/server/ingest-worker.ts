// The worker thread of one upload's ingest (see ingest-jobs.ts): everything that costs CPU or disk
// time and needs no database, off the service's event loop. It reads the staged bytes, checks
// their sha256, verifies them exactly as `bundle import` does (verifyBundleBytes), and seals each
// session with its own key: frames into the blob folder (durable before it answers), session.json
// and events into sealed buffers, with the figures the rows keep. The service's thread then stores
// the rows in one transaction (ingest-upload.ts).
import { createHash } from 'node:crypto';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../core/domain-error.ts';
import { BundleRefused } from '../export/bundle/bundle-format.ts';
import { verifyBundleBytes } from '../export/bundle/import-bundle.ts';
import type { VerifiedSession } from '../export/bundle/verify-bundle.ts';
import { stepsOf } from './governance/upload-governance.ts';
import { type FromIngestWorker, INGEST_NICE, type IngestJob, type SealedSession, wireError } from './ingest-jobs.ts';
import { openCount, serverFindings } from './server-findings.ts';
import { contentAad, partAad } from './session-content.ts';
import { seal } from './storage/content-cipher.ts';
import { sessionKeyName } from './storage/key-files.ts';
import { openStorage, type ServerStorage } from './storage/server-storage.ts';

// Requests come first: on Linux a thread's nice value is its own, so this lowers this worker's
// share of a busy CPU (about a tenth of the event loop's) and no other thread's.
os.setPriority(INGEST_NICE);

const job = workerData as IngestJob;
const post = (m: FromIngestWorker): void => parentPort!.postMessage(m);
const storage = openStorage(job.blobDir);
const written: { blobs: string[]; keys: string[] } = { blobs: [], keys: [] };

try {
  const bytes = storage.staging.read(job.uploadId);
  if (createHash('sha256').update(bytes).digest('hex') !== job.sha256) {
    // Start over rather than keep bytes that can never complete.
    await storage.staging.remove(job.uploadId);
    throw new DomainError('invalid-input', `Upload ${job.uploadId} does not match the sha256 it declared (damaged on the way); it was discarded: send it again.`);
  }
  let bundle;
  try {
    bundle = await verifyBundleBytes(bytes, `The upload ${job.uploadId}`);
  } catch (error) {
    if (error instanceof BundleRefused) throw new DomainError('invalid-input', error.message);
    throw error;
  }
  const sessions: SealedSession[] = [];
  for (const s of bundle.sessions) sessions.push(await sealSession(storage, s));
  post({ type: 'done', sealed: { digest: bundle.digest, sessions }, written });
} catch (error) {
  post({ type: 'failed', error: wireError(error), written });
}

async function sealSession(storage: ServerStorage, s: VerifiedSession): Promise<SealedSession> {
  const id = s.part.id;
  const name = sessionKeyName(id);
  // A key that exists belongs to a session stored already (the transaction will refuse this one)
  // or to an upload racing this one: it is not this job's to destroy if the job fails.
  if (!storage.keys.read(name)) written.keys.push(name);
  const key = await storage.keys.ensure(name);
  const sealed = s.part.frames.map((f) => seal(key, partAad(id, f.part), s.frames.get(f.seq)!));
  const blobs = await storage.blobs.putMany(sealed);
  written.blobs.push(...blobs);
  // Stored as the bundle spells them, so that a pull hands on what was verified here.
  const part = Buffer.from(`${JSON.stringify(s.part)}\n`);
  const events = Buffer.from(s.events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return {
    id,
    keySha256: createHash('sha256').update(key).digest('hex'),
    policiesJson: s.part.policiesJson,
    startedAt: s.part.startedAt,
    endedAt: s.part.endedAt,
    events: s.events.length,
    frames: s.part.frames.map((f, i) => ({ seq: f.seq, blob: blobs[i]!, size: sealed[i]!.length })),
    // Counted as the service sees them: the bundle's waivers were made elsewhere.
    openFindings: openCount(serverFindings(s.part, s.events)),
    steps: stepsOf(s),
    part: seal(key, contentAad(id, 'part'), part),
    eventBytes: seal(key, contentAad(id, 'events'), events),
  };
}
