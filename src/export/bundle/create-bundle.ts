// `cairn bundle create`: packs submitted sessions (with their consent receipts, redactions, findings,
// audit trail, events, windows, frames and elements) into one bundle file for a reviewer's machine. Only
// submitted sessions travel this way; approved ones leave through the export's egress check.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appendAudit } from '../../store/audit-log.ts';
import { readBundledSession } from '../../store/bundle-repo.ts';
import { consentReceipt } from '../../store/consent-receipt.ts';
import { recordCopy } from '../../store/copies-repo.ts';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../../store/private-files.ts';
import { assertUsablePath } from '../../store/usable-path.ts';
import type { Store } from '../../store/store.ts';
import {
  assertBundleSize,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleRefused,
  DIGEST_NAME,
  eventsPartName,
  framePartName,
  type Header,
  HEADER_NAME,
  sessionPartName,
  type SessionPart,
} from './bundle-format.ts';
import { packTar, type TarEntry } from './tar-container.ts';

export interface BundleSummary {
  file: string;
  sessions: string[];
  events: number;
  frames: number;
  /** Size of the bundle file. */
  bytes: number;
  /** sha256 of bundle.json, which lists the sha256 of every part. */
  digest: string;
  /** sha256 of the whole file, to compare with what arrives. */
  fileSha256: string;
}

export function createBundle(store: Store, sessionIds: readonly string[], outFile: string, o: { actor: string; at?: number }): BundleSummary {
  const ids = [...new Set(sessionIds)];
  if (ids.length === 0) throw new BundleRefused('No session was named; give the ids of the submitted sessions to bundle.');
  const file = assertUsablePath(outFile, { what: 'bundle file', kind: 'new-file' });
  if (fs.existsSync(file)) throw new BundleRefused(`${file} already exists; choose another file name or remove it first.`);
  const at = o.at ?? Date.now();

  // One read transaction: every part comes from the same state of the store.
  const { entries, events, frames } = store.read(() => collect(store, ids));
  const { chunks, digest } = packBundle(ids, entries, at);
  // Refused here rather than written: a reviewer's Cairn could not verify it.
  assertBundleSize(chunks.reduce((n, c) => n + c.length, 0), `The bundle ${file}`);
  const { bytes, fileSha256 } = writeAtomically(file, chunks);

  store.tx(() => {
    // Remembered so that a withdrawal can erase it, or name it when it lies out of reach.
    recordCopy(store, { kind: 'bundle', path: file, at, sessions: ids });
    for (const id of ids) {
      appendAudit(store, { at, actor: o.actor, action: 'bundle.create', sessionId: id, detail: { file, digest, fileSha256, sessions: ids.length } });
    }
  });
  return { file, sessions: ids, events, frames, bytes, digest, fileSha256 };
}

/** A bundle's bytes (as chunks) from its sessions' parts: the header listing every part's size and
 *  sha256, the parts, and the digest file. Also how the team service hands a pulled session on. */
export function packBundle(sessionIds: readonly string[], entries: readonly TarEntry[], at: number): { chunks: Buffer[]; digest: string } {
  const parts = entries.map((e) => ({ name: e.name, size: e.bytes.length, sha256: sha256(e.bytes) }));
  const header: Header = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, createdAt: at, createdOn: os.hostname(), sessions: [...sessionIds], parts };
  const headerBytes = Buffer.from(`${JSON.stringify(header, null, 1)}\n`);
  const digest = sha256(headerBytes);
  const chunks = packTar(
    [{ name: HEADER_NAME, bytes: headerBytes }, ...entries, { name: DIGEST_NAME, bytes: Buffer.from(`${digest}  ${HEADER_NAME}\n`) }],
    Math.floor(at / 1000),
  );
  return { chunks, digest };
}

function collect(store: Store, ids: string[]): { entries: TarEntry[]; events: number; frames: number } {
  const entries: TarEntry[] = [];
  let events = 0;
  let frames = 0;
  for (const id of ids) {
    const found = readBundledSession(store, id);
    if (!found) throw new BundleRefused(`No session with id ${id}; run \`cairn sessions\` to list them.`);
    const { row, content } = found;
    if (row.state !== 'submitted') {
      throw new BundleRefused(`Session ${id} is ${row.state}, and only submitted sessions travel in bundles (a bundle carries sessions to a reviewer; approved ones leave with \`cairn export\`).`);
    }
    const consent = consentReceipt(store, id);
    if (!consent) throw new BundleRefused(`Session ${id} has no consent receipt on this machine, so it cannot be bundled.`);

    const part = sessionPartOf(found, consent);
    entries.push({ name: sessionPartName(id), bytes: Buffer.from(`${JSON.stringify(part)}\n`) });
    entries.push({ name: eventsPartName(id), bytes: Buffer.from(content.events.map((e) => `${JSON.stringify(e)}\n`).join('')) });
    for (const f of content.frames) entries.push({ name: framePartName(id, f.seq, f.format), bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) });
    events += content.events.length;
    frames += content.frames.length;
  }
  return { entries, events, frames };
}

/** A session's part of a bundle (session.json) from its rows: what `bundle create` packs, and what
 *  the team service stores again after a redaction made in a store in memory (src/server/review/). */
export function sessionPartOf({ row, content }: NonNullable<ReturnType<typeof readBundledSession>>, consent: SessionPart['consent']): SessionPart {
  const id = row.id;
  return {
    id,
    state: 'submitted',
    startedAt: row.started_at,
    endedAt: row.ended_at,
    clockOrigin: row.clock_origin,
    layoutJson: row.layout_json,
    policiesJson: row.policies_json,
    droppedJson: row.dropped_json,
    recorderPid: row.recorder_pid,
    recorderHost: row.recorder_host,
    lastFlushAt: row.last_flush_at,
    task: row.task,
    consent,
    windows: content.windows,
    frames: content.frames.map(({ bytes: _bytes, ...f }) => ({ ...f, format: f.format as SessionPart['frames'][number]['format'], part: framePartName(id, f.seq, f.format) })),
    redactions: content.redactions,
    findings: content.findings,
    audit: content.audit,
    elements: content.elements,
    elementCountsJson: row.element_counts,
  };
}

/** Writes next to the target and renames, so a bundle file is either whole or absent. */
function writeAtomically(file: string, chunks: Buffer[]): { bytes: number; fileSha256: string } {
  makePrivateDir(path.dirname(file));
  const temp = `${file}.${randomBytes(6).toString('hex')}.partial`;
  const hash = createHash('sha256');
  let bytes = 0;
  const fd = fs.openSync(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    try {
      for (const chunk of chunks) {
        for (let done = 0; done < chunk.length; ) done += fs.writeSync(fd, chunk, done);
        hash.update(chunk);
        bytes += chunk.length;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(temp, file); // fails if the file appeared meanwhile, instead of replacing it
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return { bytes, fileSha256: hash.digest('hex') };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
