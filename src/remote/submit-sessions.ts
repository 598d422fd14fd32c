// `cairn remote submit`: submitted sessions go to the team service as one bundle, uploaded in
// chunks. The bundle is made once (in <data dir>/outbox, where a local deletion or withdrawal
// erases it too) and remembered in remote.json until the server has stored it: a run cut short (the
// network, the server killed) is resumed by running the command again, from the offset the server
// reports, so nothing is sent twice and nothing is lost.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../core/domain-error.ts';
import { createBundle } from '../export/bundle/create-bundle.ts';
import { listSessions } from '../store/session-list.ts';
import type { Store } from '../store/store.ts';
import { ROUTES, UploadStatus } from './api-schemas.ts';
import type { RemoteClient } from './remote-client.ts';
import { type RemoteConfig, writeRemoteConfig } from './remote-config.ts';

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export interface SubmitOptions {
  dataDir: string;
  config: RemoteConfig;
  client: RemoteClient;
  /** Opens the local store for the bundle's making. */
  withStore: <T>(fn: (store: Store) => T) => Promise<T>;
  sessions: readonly string[];
  chunkBytes?: number;
  onProgress?: (sent: number, size: number) => void;
}

export interface SubmitResult {
  sessions: string[];
  bytes: number;
  /** The offset a resumed upload went on from; null when it started at zero. */
  resumedAt: number | null;
}

export async function submitSessions(o: SubmitOptions): Promise<SubmitResult> {
  const { config, client } = o;
  const key = [...o.sessions].sort().join(' ');
  let pending = config.pending.find((p) => [...p.sessions].sort().join(' ') === key && fs.existsSync(p.file));
  if (!pending) {
    const file = path.join(o.dataDir, 'outbox', `${randomUUID()}.cairnbundle`);
    const made = await o.withStore((store) => createBundle(store, o.sessions, file, { actor: `remote:${config.name}` }));
    pending = { sessions: made.sessions, file, size: made.bytes, sha256: made.fileSha256 };
    config.pending = [...config.pending.filter((p) => [...p.sessions].sort().join(' ') !== key), pending];
    writeRemoteConfig(o.dataDir, config);
  }
  // What each session held as it left: `remote sync` compares against it.
  const counts = await o.withStore((store) => new Map(listSessions(store).map((s) => [s.id, { events: s.eventCount, frames: s.frameCount }])));

  let status = await client.json(ROUTES.uploads, UploadStatus, { json: { size: pending.size, sha256: pending.sha256 } });
  const resumedAt = status.offset > 0 && !status.sessions ? status.offset : null;
  if (!status.sessions) {
    const fd = fs.openSync(pending.file, 'r');
    try {
      const chunk = Buffer.alloc(Math.min(o.chunkBytes ?? DEFAULT_CHUNK_BYTES, pending.size));
      while (status.offset < status.size) {
        const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, status.size - status.offset), status.offset);
        const before = status.offset;
        status = await client.json(`${ROUTES.upload(status.id)}?offset=${status.offset}`, UploadStatus, { method: 'PUT', bytes: chunk.subarray(0, n) });
        // A server that takes nothing would have this loop send the same chunk for ever.
        if (status.offset <= before) throw new DomainError('unavailable', `The server at ${client.url} took none of the chunk at byte ${before}; try again later.`);
        o.onProgress?.(status.offset, status.size);
      }
    } finally {
      fs.closeSync(fd);
    }
    // Until stored: a busy server answers 202 with no sessions while the upload waits to be verified.
    do status = await client.json(ROUTES.uploadComplete(status.id), UploadStatus, { method: 'POST', json: {} });
    while (!status.sessions);
  }

  const at = Date.now();
  for (const id of status.sessions ?? []) config.submitted[id] = { ...(counts.get(id) ?? { events: 0, frames: 0 }), at };
  config.pending = config.pending.filter((p) => p !== pending);
  writeRemoteConfig(o.dataDir, config);
  fs.rmSync(pending.file, { force: true });
  return { sessions: status.sessions ?? [], bytes: pending.size, resumedAt };
}
