// `cairn bundle import` on the reviewer's machine: verifies the whole bundle (verify-bundle.ts, then
// its frames as images, verify-frames.ts), then stores its sessions in ONE transaction, keeping
// their ids and state (submitted). A session already here is refused, not merged: importing the same
// bundle twice changes nothing and says so. A refusal or failure leaves the store exactly as it was.
//
// A bundle is untrusted: what it says was decided on another machine (waived or redacted findings,
// its audit trail, its redaction records) is kept as a claim marked with the bundle's origin, and
// no finding counts as resolved here until this machine sees its content gone or a reviewer here
// resolves it.
import fs from 'node:fs';
import path from 'node:path';
import { settleFindings } from '../../review/redaction/settle-findings.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { type ImportedSession, insertBundledSession, sessionPresence } from '../../store/bundle-repo.ts';
import { IMPORT_ACTION } from '../../store/consent-receipt.ts';
import { assertUsablePath } from '../../store/usable-path.ts';
import type { Store } from '../../store/store.ts';
import { assertBundleSize, BundleRefused, type EventLine, type SessionPart } from './bundle-format.ts';
import { type VerifiedBundle, type VerifiedSession, verifyBundle } from './verify-bundle.ts';
import { verifyFrameImages } from './verify-frames.ts';

export interface ImportSummary {
  file: string;
  sessions: string[];
  events: number;
  frames: number;
  elements: number;
  digest: string;
  /** Findings the bundle carried, all stored open here unless their content is verifiably gone. */
  findings: number;
}

export async function importBundle(store: Store, file: string, o: { actor: string; at?: number }): Promise<ImportSummary> {
  const resolved = path.resolve(file);
  const label = `The bundle ${resolved}`;
  const bundle = await verifyBundleBytes(readBundle(resolved), label);
  const at = o.at ?? Date.now();
  try {
    store.tx(() => {
      for (const s of bundle.sessions) assertNew(store, s.part.id);
      for (const s of bundle.sessions) storeSession(store, s, bundle, { file: resolved, actor: o.actor, at });
    });
  } catch (error) {
    // The bundle was intact but breaks a rule of this store (a CHECK or key): rolled back whole.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      throw new BundleRefused(`The bundle ${resolved} holds data this store does not accept (${(error as Error).message}); nothing was imported.`);
    }
    throw error;
  }
  return {
    file: resolved,
    sessions: bundle.sessions.map((s) => s.part.id),
    events: bundle.sessions.reduce((n, s) => n + s.events.length, 0),
    frames: bundle.sessions.reduce((n, s) => n + s.frames.size, 0),
    elements: bundle.sessions.reduce((n, s) => n + s.part.elements.length, 0),
    digest: bundle.digest,
    findings: bundle.sessions.reduce((n, s) => n + (s.part.findings?.length ?? 0), 0),
  };
}

/** Everything an import checks before it stores anything: the whole bundle (verify-bundle.ts),
 *  then its frames as images (verify-frames.ts). The team service verifies uploads with this too. */
export async function verifyBundleBytes(bytes: Buffer, label: string): Promise<VerifiedBundle> {
  const bundle = verifyBundle(bytes, label);
  await verifyFrameImages(bundle, label);
  return bundle;
}

/** The file's bytes, read through one descriptor so that what was checked is what is read. */
function readBundle(file: string): Buffer {
  // A pseudo-file (procfs, /dev) is refused in one sentence before it is opened.
  assertUsablePath(file, { what: 'bundle', kind: 'file' });
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO or a device must not wait; it is refused as not a file below.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    throw new BundleRefused(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path.`);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new BundleRefused(`${file} is not a file; give the path of a bundle made by \`cairn bundle create\`.`);
    assertBundleSize(stat.size, file);
    const bytes = Buffer.alloc(stat.size);
    for (let done = 0; done < bytes.length; ) {
      const n = fs.readSync(fd, bytes, done, bytes.length - done, done);
      if (n === 0) throw new BundleRefused(`${file} became shorter while it was read; import it again once nothing writes to it.`);
      done += n;
    }
    return bytes;
  } finally {
    fs.closeSync(fd);
  }
}

/** A verified session as the store's rows: what an import stores, and what the team service loads
 *  into a store in memory to run the review layer over (src/server/review/). */
export function importedSession(s: { part: SessionPart; events: readonly EventLine[]; frames: ReadonlyMap<number, Buffer> }): ImportedSession {
  const p = s.part;
  return {
    row: {
      id: p.id,
      started_at: p.startedAt,
      ended_at: p.endedAt,
      clock_origin: p.clockOrigin,
      layout_json: p.layoutJson,
      policies_json: p.policiesJson,
      recorder_pid: p.recorderPid,
      recorder_host: p.recorderHost,
      dropped_json: p.droppedJson,
      last_flush_at: p.lastFlushAt,
      task: p.task,
      element_counts: p.elementCountsJson,
    },
    content: {
      windows: p.windows,
      frames: p.frames.map((f) => ({ ...f, bytes: s.frames.get(f.seq)! })),
      events: [...s.events],
      redactions: p.redactions,
      findings: p.findings ?? [],
      audit: p.audit,
      elements: p.elements,
    },
  };
}

function assertNew(store: Store, id: string): void {
  const here = sessionPresence(store, id);
  if (here && 'state' in here) {
    throw new BundleRefused(`Session ${id} is already in this store (${here.state}): a bundle is imported once, and nothing was imported this time.`);
  }
  if (here) throw new BundleRefused(`Session ${id} was deleted from this store and stays deleted; nothing was imported.`);
}

function storeSession(store: Store, s: VerifiedSession, bundle: VerifiedBundle, o: { file: string; actor: string; at: number }): void {
  const p = s.part;
  const origin = `bundle:${bundle.digest}`;
  insertBundledSession(store, importedSession(s), origin);
  // Findings whose content this machine sees gone (key codes cleared, title erased, frame cut) are
  // redacted by its own check, not by the bundle's word.
  const settled = settleFindings(store, p.id, o.at);
  // consent_id stays NULL: the contributor's acceptance is a receipt here, never consent in force
  // on this machine. The receipt is kept in this row (store/consent-receipt.ts reads it).
  appendAudit(store, {
    at: o.at,
    actor: o.actor,
    action: IMPORT_ACTION,
    sessionId: p.id,
    detail: {
      consent: p.consent,
      file: o.file,
      digest: bundle.digest,
      origin,
      createdOn: bundle.header.createdOn,
      createdAt: bundle.header.createdAt,
      events: s.events.length,
      frames: s.frames.size,
      elements: p.elements.length,
      findings: p.findings?.length ?? 0,
      settledFindings: settled,
    },
  });
}
