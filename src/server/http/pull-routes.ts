// The researcher's side: a pull of approved sessions (recorded, with where it is written, and
// logged for each session), each session's bundle within that pull, and which sessions of
// earlier datasets were withdrawn since, and the researcher's own page of both (no contributor named).
import { DomainError } from '../../core/domain-error.ts';
import { API_PREFIX, type Pull, PullRequest, ROUTES, WithdrawnQuery } from '../../remote/api-schemas.ts';
import { logAccess } from '../db/access-log-repo.ts';
import { withTx } from '../db/pool.ts';
import { pullHolds, pullsBy, recordPull } from '../db/pulls-repo.ts';
import { approvedSessions, erasedAmong, sessionSummary } from '../db/sessions-repo.ts';
import { sessionBundle } from '../session-content.ts';
import type { Route } from './route.ts';

export const pullRoutes: Route[] = [
  {
    method: 'POST',
    path: `${API_PREFIX}/pulls`,
    permission: 'pull',
    does: 'pull datasets',
    run: async ({ server, user, body }) => {
      const request = await body(PullRequest);
      const at = Date.now();
      const pull = await withTx(server.db, async (tx): Promise<Pull> => {
        const sessions = await approvedSessions(tx, request.sessions);
        const missing = request.sessions?.filter((id) => !sessions.some((s) => s.id === id)) ?? [];
        if (missing.length) throw new DomainError('refused', `Session ${missing[0]} is not approved on this service (or not there), and only approved sessions can be pulled.`);
        if (sessions.length === 0) throw new DomainError('not-found', 'No session is approved on this service yet; there is nothing to pull.');
        const ids = sessions.map((s) => s.id);
        const id = await recordPull(tx, { userId: user.id, at, format: request.format, destination: request.destination, sessions: ids });
        await logAccess(tx, { sessionIds: ids, userId: user.id, action: 'pull', at, detail: { pull: id, format: request.format, destination: request.destination } });
        return { id, sessions, tombstones: (await erasedAmong(tx, null)).map((t) => t.id) };
      });
      return { json: pull };
    },
  },
  {
    method: 'GET',
    path: `${API_PREFIX}/pulls/:pull/sessions/:id`,
    permission: 'pull',
    does: 'pull datasets',
    run: async ({ server, user, params }) => {
      const id = params.id!;
      if (!(await pullHolds(server.db, Number(params.pull), user.id, id))) throw new DomainError('not-found', `Pull ${params.pull} of yours holds no session ${id}.`);
      const s = await sessionSummary(server.db, id);
      // Withdrawn between the pull and this download: it never leaves.
      if (s?.state !== 'approved') throw new DomainError('refused', `Session ${id} is ${s?.state === 'erased' ? 'erased: its contributor withdrew it' : `no longer approved (${s?.state})`}; leave it out.`);
      return { bytes: await sessionBundle(server, id), type: 'application/x-tar' };
    },
  },
  {
    method: 'POST',
    path: `${API_PREFIX}/withdrawn`,
    permission: 'pull',
    does: 'check datasets for withdrawn sessions',
    run: async ({ server, body }) => ({ json: { withdrawn: await erasedAmong(server.db, (await body(WithdrawnQuery)).sessions) } }),
  },
  {
    method: 'GET',
    path: ROUTES.myPulls,
    permission: 'pull',
    does: 'list their datasets',
    run: async ({ server, user }) => ({ json: { approved: await approvedSessions(server.db), pulls: await pullsBy(server.db, user.id) } }),
  },
];
