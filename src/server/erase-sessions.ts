// Withdrawal reaching the service: a contributor's deletions, forgets and withdrawal (sent by
// `cairn remote sync`) erase those sessions here: content rows and frame rows deleted and the
// session left as a tombstone in one transaction, then the session's key destroyed and its blobs
// unlinked. Sealed bytes that linger in PostgreSQL's files or WAL are unreadable without the key.
// The answer names every dataset a researcher pulled that held each session.
import { DomainError } from '../core/domain-error.ts';
import type { EraseReason, SyncResult } from '../remote/api-schemas.ts';
import { logAccess } from './db/access-log-repo.ts';
import { withTx } from './db/pool.ts';
import { pullsOf } from './db/pulls-repo.ts';
import { eraseSession, sessionSummary } from './db/sessions-repo.ts';
import type { ServerContext, User } from './server-context.ts';
import { sessionKeyName } from './storage/key-files.ts';

export async function eraseOwnSessions(ctx: ServerContext, user: User, requests: readonly { id: string; reason: EraseReason }[]): Promise<SyncResult> {
  const at = Date.now();
  const removed: { id: string; blobs: string[]; generation: number }[] = [];
  const result = await withTx(ctx.db, async (tx) => {
    const out: SyncResult = { erased: [], alreadyErased: [] };
    for (const { id, reason } of requests) {
      const s = await sessionSummary(tx, id);
      // Another person's session reads as absent: whether it exists is not theirs to learn.
      if (!s || s.ownerId !== user.id) throw new DomainError('not-found', `There is no session ${id} of yours on this service; nothing was erased.`);
      if (s.state === 'erased') {
        out.alreadyErased.push(id);
        continue;
      }
      removed.push({ id, ...(await eraseSession(tx, id, reason, at)) });
      await logAccess(tx, { sessionIds: [id], userId: user.id, action: 'erase', at, detail: { reason } });
      out.erased.push({ id, pulls: await pullsOf(tx, id) });
    }
    return out;
  });
  // After the commit: were the service to stop here, the start-up sweep finishes it (sweep.ts).
  for (const { id, blobs, generation } of removed) {
    await ctx.storage.keys.destroy(sessionKeyName(id, generation));
    for (const blob of blobs) ctx.storage.blobs.remove(blob);
  }
  return result;
}
