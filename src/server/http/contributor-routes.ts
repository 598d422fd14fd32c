// The contributor's side: their own sessions (state, who decided, why), the access log of one of
// them, and sync, which erases what they deleted or withdrew on their machine. A session of
// someone else reads as absent, never as refused: its existence is not theirs to learn.
import { DomainError } from '../../core/domain-error.ts';
import { API_PREFIX, SyncRequest } from '../../remote/api-schemas.ts';
import { accessLogOf } from '../db/access-log-repo.ts';
import { listOwnedBy, sessionSummary } from '../db/sessions-repo.ts';
import { eraseOwnSessions } from '../erase-sessions.ts';
import type { Route } from './route.ts';
import { summaryOf } from './review-routes.ts';

export const contributorRoutes: Route[] = [
  {
    method: 'GET',
    path: `${API_PREFIX}/my/sessions`,
    permission: 'contribute',
    does: 'list their own sessions',
    run: async ({ server, user }) => ({ json: (await listOwnedBy(server.db, user.id)).map(summaryOf) }),
  },
  {
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id/access-log`,
    permission: 'contribute',
    does: "read a session's access log",
    run: async ({ server, user, params }) => {
      const s = await sessionSummary(server.db, params.id!);
      if (!s || s.ownerId !== user.id) throw new DomainError('not-found', `There is no session ${params.id} of yours on this service.`);
      return { json: await accessLogOf(server.db, s.id) };
    },
  },
  {
    method: 'POST',
    path: `${API_PREFIX}/sync`,
    permission: 'contribute',
    does: 'erase sessions',
    run: async ({ server, user, body }) => ({ json: await eraseOwnSessions(server, user, (await body(SyncRequest)).erase) }),
  },
];
