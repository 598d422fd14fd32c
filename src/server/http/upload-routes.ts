// Resumable uploads: start (or find again) an upload of a bundle file by its size and sha256, ask
// how many bytes the service holds, append a chunk at that offset, and complete it, which verifies
// the bundle and stores its sessions (ingest-upload.ts); a completion that takes long is asked for
// again until it is done.
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { DomainError } from '../../core/domain-error.ts';
import { API_PREFIX, type UploadStatus, UploadStart } from '../../remote/api-schemas.ts';
import { getUpload, openUpload, type UploadRow } from '../db/uploads-repo.ts';
import { ingestUpload } from '../ingest-upload.ts';
import type { ServerContext, User } from '../server-context.ts';
import type { Route } from './route.ts';

/** The most one PUT may carry; the client sends 4 MiB unless told otherwise. */
export const MAX_CHUNK_BYTES = 64 * 1024 * 1024;

/** How long a completion is waited for before the answer says "still verifying" (202): well under
 *  the 60 s a reverse proxy commonly allows a request, however long the queue of uploads is. */
export const COMPLETE_WAIT_MS = 20_000;

// One append at a time per upload, in this process: a second PUT waits for the first.
const appending = new Map<string, Promise<unknown>>();

export const uploadRoutes: Route[] = [
  {
    method: 'POST',
    path: `${API_PREFIX}/uploads`,
    permission: 'contribute',
    does: 'upload sessions',
    run: async ({ server, user, body }) => {
      const start = await body(UploadStart);
      const row = await openUpload(server.db, { id: randomUUID(), userId: user.id, size: start.size, sha256: start.sha256, at: Date.now() });
      if (row.size !== start.size) throw new DomainError('conflict', `An upload with this sha256 but ${row.size} bytes is already open; the file changed on the way, send it again.`);
      return { json: status(server, row) };
    },
  },
  {
    method: 'GET',
    path: `${API_PREFIX}/uploads/:id`,
    permission: 'contribute',
    does: 'upload sessions',
    run: async ({ server, user, params }) => ({ json: status(server, await ownUpload(server, user, params.id!)) }),
  },
  {
    method: 'PUT',
    path: `${API_PREFIX}/uploads/:id`,
    permission: 'contribute',
    does: 'upload sessions',
    run: async ({ server, user, params, query, req }) => {
      const upload = await ownUpload(server, user, params.id!);
      const previous = appending.get(upload.id) ?? Promise.resolve();
      const done = previous.catch(() => undefined).then(() => append(server, upload, query, req));
      appending.set(upload.id, done);
      try {
        return { json: await done };
      } finally {
        if (appending.get(upload.id) === done) appending.delete(upload.id);
      }
    },
  },
  {
    method: 'POST',
    path: `${API_PREFIX}/uploads/:id/complete`,
    permission: 'contribute',
    does: 'upload sessions',
    run: async ({ server, user, params }) => {
      const stored = ingestUpload(server, user, params.id!).then(() => true);
      const waited = await Promise.race([stored, new Promise<false>((resolve) => setTimeout(resolve, COMPLETE_WAIT_MS, false).unref())]);
      // Still verifying (uploads wait their turn for a worker): 202, sessions null; asking again
      // joins it, and a failure is told to that later ask.
      if (!waited) stored.catch(() => undefined);
      return { json: status(server, (await getUpload(server.db, params.id!))!), status: waited ? 200 : 202 };
    },
  },
];

async function append(server: ServerContext, upload: UploadRow, query: URLSearchParams, req: http.IncomingMessage): Promise<UploadStatus> {
  const { staging } = server.storage;
  const held = upload.sessions ? upload.size : staging.offset(upload.id);
  const offset = Number(query.get('offset'));
  if (upload.sessions) throw new DomainError('conflict', `Upload ${upload.id} is complete; nothing more is taken.`);
  if (!Number.isSafeInteger(offset) || offset !== held) {
    req.resume();
    throw new DomainError('conflict', `Upload ${upload.id} holds ${held} bytes, so the next chunk starts at offset ${held}, not ${query.get('offset') ?? 'nowhere'}.`);
  }
  if (Number(req.headers['content-length'] ?? 0) > MAX_CHUNK_BYTES) {
    req.resume();
    throw new DomainError('invalid-input', `A chunk may carry at most ${MAX_CHUNK_BYTES} bytes; send smaller chunks.`);
  }
  try {
    await staging.append(upload.id, offset, req, upload.size);
  } catch (error) {
    if (error instanceof RangeError) throw new DomainError('invalid-input', `Upload ${upload.id} was sent ${error.message}; what fit was kept.`);
    throw error;
  }
  return status(server, upload);
}

async function ownUpload(server: ServerContext, user: User, id: string): Promise<UploadRow> {
  const upload = await getUpload(server.db, id);
  if (!upload || upload.userId !== user.id) throw new DomainError('not-found', `There is no upload ${id} of yours on this service; start the upload again.`);
  return upload;
}

function status(server: ServerContext, row: UploadRow): UploadStatus {
  return { id: row.id, size: row.size, offset: row.sessions ? row.size : server.storage.staging.offset(row.id), sessions: row.sessions };
}
