// The reviewer's side: the queue of submitted sessions, a session's text (windows and titles,
// findings, consent) and frames, and the decision. Every view and decision is written to the
// access log under the reviewer's name before the answer leaves.
import { DomainError } from '../../core/domain-error.ts';
import { API_PREFIX, Rejection, type SessionDetail, SessionSummary } from '../api-schemas.ts';
import { logAccess } from '../db/access-log-repo.ts';
import { withTx } from '../db/pool.ts';
import { decide, listByState, type SessionRow, sessionSummary } from '../db/sessions-repo.ts';
import type { ServerContext, User } from '../server-context.ts';
import { frameBytes, openSession } from '../session-content.ts';
import type { Route } from './route.ts';

export const reviewRoutes: Route[] = [
  {
    method: 'GET',
    path: `${API_PREFIX}/queue`,
    permission: 'review',
    does: 'see the review queue',
    run: async ({ server }) => ({ json: (await listByState(server.db, 'submitted')).map(summaryOf) }),
  },
  {
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id`,
    permission: 'review',
    does: "view a session's content",
    run: async ({ server, user, params }) => {
      const s = await reviewable(server, params.id!);
      const { part } = await openSession(server, s.id);
      const detail: SessionDetail = {
        ...summaryOf(s),
        windows: part.windows.map((w) => ({ seq: w.seq, t: w.t, app: w.app, title: w.title })),
        frameList: part.frames.map((f) => ({ seq: f.seq, t: f.t, width: f.width, height: f.height })),
        findings: (part.findings ?? []).map((f) => ({ source: f.source, detector: f.detector, status: f.status, preview: f.preview })),
        consent: { version: part.consent!.version, sha256: part.consent!.sha256, acceptedAt: part.consent!.acceptedAt },
      };
      await logAccess(server.db, { sessionIds: [s.id], userId: user.id, action: 'view-text', at: Date.now() });
      return { json: detail };
    },
  },
  {
    method: 'GET',
    path: `${API_PREFIX}/sessions/:id/frames/:seq`,
    permission: 'review',
    does: "view a session's frames",
    run: async ({ server, user, params }) => {
      const s = await reviewable(server, params.id!);
      const seq = Number(params.seq);
      const bytes = await frameBytes(server, await openSession(server, s.id), seq);
      await logAccess(server.db, { sessionIds: [s.id], userId: user.id, action: 'view-frame', at: Date.now(), detail: { seq } });
      return { bytes: [bytes], type: 'image/webp' };
    },
  },
  {
    method: 'POST',
    path: `${API_PREFIX}/sessions/:id/approve`,
    permission: 'review',
    does: 'approve sessions',
    run: async ({ server, user, params }) => ({ json: await decideOn(server, user, params.id!, 'approved', null) }),
  },
  {
    method: 'POST',
    path: `${API_PREFIX}/sessions/:id/reject`,
    permission: 'review',
    does: 'reject sessions',
    run: async ({ server, user, params, body }) => {
      const { reason } = await body(Rejection);
      return { json: await decideOn(server, user, params.id!, 'rejected', reason) };
    },
  },
];

/** A session as the API shows it: without the owner's internal id. */
export function summaryOf(s: SessionRow): SessionSummary {
  return SessionSummary.parse(s);
}

async function reviewable(server: ServerContext, id: string): Promise<SessionRow> {
  const s = await sessionSummary(server.db, id);
  if (!s) throw new DomainError('not-found', `There is no session ${id} on this service; \`cairn remote queue\` lists the submitted ones.`);
  if (s.state === 'erased') throw new DomainError('not-found', `Session ${id} was erased (its contributor withdrew it); nothing of it is left to see.`);
  return s;
}

async function decideOn(server: ServerContext, user: User, id: string, state: 'approved' | 'rejected', reason: string | null) {
  const at = Date.now();
  return withTx(server.db, async (tx) => {
    const s = await sessionSummary(tx, id);
    if (!s || s.state === 'erased') throw new DomainError('not-found', `There is no session ${id} to decide on (unknown, or erased by its contributor).`);
    if (!(await decide(tx, id, { state, by: user.id, at, reason }))) {
      throw new DomainError('conflict', `Session ${id} is ${s.state}${s.decidedBy ? ` (by ${s.decidedBy})` : ''}, and only a submitted session can be approved or rejected.`);
    }
    await logAccess(tx, { sessionIds: [id], userId: user.id, action: state === 'approved' ? 'approve' : 'reject', at, detail: reason ? { reason } : undefined });
    return summaryOf((await sessionSummary(tx, id))!);
  });
}
