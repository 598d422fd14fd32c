// Reading a session's sealed content back: its session.json, events and frames opened with its
// key, and the whole of it as a bundle (what a researcher's pull receives, verified again there).
// Every caller logs the access (access-log-repo.ts); nothing here does.
import { DomainError } from '../core/domain-error.ts';
import { type EventLine, eventsPartName, framePartName, type SessionPart, sessionPartName } from '../export/bundle/bundle-format.ts';
import { packBundle } from '../export/bundle/create-bundle.ts';
import type { ServerFinding } from '../remote/api-schemas.ts';
import type { Queryable } from './db/pool.ts';
import { frameBlob, frameBlobs, readContent } from './db/sessions-repo.ts';
import { decodeRecord, type ServiceRecord } from './review/service-record.ts';
import { waiversOf } from './db/waivers-repo.ts';
import { serverFindings } from './server-findings.ts';
import type { ServerContext } from './server-context.ts';
import { open } from './storage/content-cipher.ts';
import { sessionKeyName } from './storage/key-files.ts';

/** The associated data that binds each sealed part to its place. */
export const contentAad = (id: string, what: 'part' | 'events' | 'review' | `waiver ${number}`) => `cairn-session ${id} ${what}`;
export const partAad = (id: string, part: string) => `cairn-session ${id} ${part}`;

export interface OpenedSession {
  part: SessionPart;
  partBytes: Buffer;
  eventBytes: Buffer;
  /** What the service found and redacted itself (review/service-record.ts). */
  record: ServiceRecord;
  key: Buffer;
  /** The key's generation: a redaction seals the session again under the next. */
  generation: number;
}

/** `db`: the pool, or a transaction that locked the session's row. */
export async function openSession(ctx: ServerContext, id: string, db: Queryable = ctx.db): Promise<OpenedSession> {
  const content = await readContent(db, id);
  const key = content && ctx.storage.keys.read(sessionKeyName(id, content.generation));
  if (!key || !content) throw new DomainError('not-found', `Session ${id} has no content on this service (it was erased).`);
  const partBytes = open(key, contentAad(id, 'part'), content.part);
  const eventBytes = open(key, contentAad(id, 'events'), content.events);
  const record = decodeRecord(content.review && open(key, contentAad(id, 'review'), content.review));
  const opened = { partBytes, eventBytes, record, key, generation: content.generation };
  // Verified as a bundle part when it was uploaded; read back as it was written. A session stored
  // before bundles carried elements (format version 3) has none, and is handed on as one with none.
  const stored = JSON.parse(partBytes.toString('utf8')) as SessionPart;
  if (stored.elements) return { ...opened, part: stored };
  const part: SessionPart = { ...stored, elements: [], elementCountsJson: null };
  return { ...opened, part, partBytes: Buffer.from(`${JSON.stringify(part)}\n`) };
}

export function eventsOf(opened: Pick<OpenedSession, 'eventBytes'>): EventLine[] {
  return opened.eventBytes.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as EventLine);
}

/** The session's findings with their status on this service (waivers read through `db`, which may be a transaction). */
export async function findingsOf(db: Queryable, opened: OpenedSession): Promise<ServerFinding[]> {
  return serverFindings(opened.part, eventsOf(opened), await waiversOf(db, opened.part.id), opened.record);
}

/** Every frame's bytes, opened (for the review worker). */
export async function allFrameBytes(ctx: ServerContext, opened: OpenedSession, db: Queryable = ctx.db): Promise<[number, Buffer][]> {
  const blobs = new Map((await frameBlobs(db, opened.part.id)).map((b) => [b.seq, b.blob]));
  const out: [number, Buffer][] = [];
  for (const f of opened.part.frames) out.push([f.seq, open(opened.key, partAad(opened.part.id, f.part), await ctx.storage.blobs.get(blobs.get(f.seq)!))]);
  return out;
}

export async function frameBytes(ctx: ServerContext, opened: OpenedSession, seq: number): Promise<Buffer> {
  const id = opened.part.id;
  const frame = opened.part.frames.find((f) => f.seq === seq);
  const blob = frame && (await frameBlob(ctx.db, id, seq));
  if (!frame || !blob) throw new DomainError('not-found', `Session ${id} has no frame ${seq}.`);
  return open(opened.key, partAad(id, frame.part), await ctx.storage.blobs.get(blob));
}

/** The session as a one-session bundle, in chunks. */
export async function sessionBundle(ctx: ServerContext, id: string): Promise<Buffer[]> {
  const opened = await openSession(ctx, id);
  const entries = [
    { name: sessionPartName(id), bytes: opened.partBytes },
    { name: eventsPartName(id), bytes: opened.eventBytes },
  ];
  const frames = new Map(await allFrameBytes(ctx, opened));
  for (const f of opened.part.frames) entries.push({ name: framePartName(id, f.seq, f.format), bytes: frames.get(f.seq)! });
  return packBundle([id], entries, Date.now()).chunks;
}
