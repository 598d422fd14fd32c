// The reviewer's side: the queue of submitted sessions, a session's text (windows and titles,
// findings, consent) and frames, waivers, redactions (review/redact-on-service.ts), and the
// decision. Approval is refused while the service's detectors are still checking a session or any
// finding is open as the service counts them (server-findings.ts). Every view and decision is written to the
// access log under the reviewer's name before the answer leaves.
import { DomainError } from '../../core/domain-error.ts';
import { API_PREFIX, RedactRequest, type Redacted, Rejection, type ServerFinding, type SessionDetail, SessionSummary, Waiver } from '../../remote/api-schemas.ts';
import { logAccess } from '../db/access-log-repo.ts';
import { type Queryable, withTx } from '../db/pool.ts';
import { decide, listByState, type SessionRow, sessionSummary } from '../db/sessions-repo.ts';
import { insertWaiver, setOpenFindings } from '../db/waivers-repo.ts';
import type { ServerContext, User } from '../server-context.ts';
import { contentAad, findingsOf, frameBytes, openSession } from '../session-content.ts';
import { redactOnService } from '../review/redact-on-service.ts';
import { openCount } from '../server-findings.ts';
import { seal } from '../storage/content-cipher.ts';
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
      const opened = await openSession(server, s.id);
      const { part } = opened;
      const detail: SessionDetail = {
        ...summaryOf(s),
        task: part.task,
        windows: part.windows.map((w) => ({ seq: w.seq, t: w.t, app: w.app, title: w.title })),
        frameList: part.frames.map((f) => ({ seq: f.seq, t: f.t, width: f.width, height: f.height })),
        findings: await findingsOf(server.db, opened),
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
    path: `${API_PREFIX}/sessions/:id/findings/:finding/waive`,
    permission: 'review',
    does: 'waive findings',
    run: async ({ server, user, params, body }) => {
      const { reason } = await body(Waiver);
      return { json: await waive(server, user, params.id!, Number(params.finding), reason) };
    },
  },
  {
    method: 'POST',
    path: `${API_PREFIX}/sessions/:id/redact`,
    permission: 'redact',
    does: 'redact sessions',
    run: async ({ server, user, params, body }) => {
      const request = await body(RedactRequest);
      if (!server.review) throw new DomainError('unavailable', 'This service runs without its review workers, so it cannot redact; start it with `cairn server start`.');
      const { findings } = await redactOnService({ ...server, review: server.review }, user, params.id!, request);
      return { json: { findings, openFindings: openCount(findings) } satisfies Redacted };
    },
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

/** Approval fails closed: counted afresh from the content, not from the queue's figure. */
async function refuseWhileOpen(tx: Queryable, server: ServerContext, s: SessionRow): Promise<void> {
  const id = s.id;
  if (s.checking) throw new DomainError('conflict', `Session ${id} is still being checked by the service's detectors, and it can be approved only once they are done; try again in a moment.`);
  const findings = await findingsOf(tx, await openSession(server, id, tx));
  const open = findings.filter((f) => f.status === 'open');
  if (open.length === 0) return;
  throw new DomainError(
    'conflict',
    `Session ${id} has ${open.length} open finding${open.length === 1 ? '' : 's'} (numbers ${open.map((f) => f.n).join(', ')}): redact ${open.length === 1 ? 'it' : 'them'} on the review screen, waive a finding that is no secret (\`cairn remote waive\`), or reject the session with a reason.`,
  );
}

async function waive(server: ServerContext, user: User, id: string, n: number, reason: string): Promise<ServerFinding> {
  const at = Date.now();
  return withTx(server.db, async (tx) => {
    const s = await sessionSummary(tx, id, { lock: true });
    if (!s || s.state === 'erased') throw new DomainError('not-found', `There is no session ${id} on this service (unknown, or erased by its contributor).`);
    if (s.state !== 'submitted') throw new DomainError('conflict', `Session ${id} is ${s.state}, and findings can be waived only before the decision.`);
    const opened = await openSession(server, id);
    const finding = (await findingsOf(tx, opened)).find((f) => f.n === n);
    if (!finding) throw new DomainError('not-found', `Session ${id} has no finding ${n}; the refusal of \`cairn remote approve\` and the review screen number them.`);
    if (finding.status !== 'open') throw new DomainError('conflict', `Finding ${n} of session ${id} is ${finding.status} already${finding.waivedBy ? ` (by ${finding.waivedBy})` : ''}.`);
    await insertWaiver(tx, { sessionId: id, finding: n, by: user.id, at, sealedReason: seal(opened.key, contentAad(id, `waiver ${n}`), Buffer.from(reason)) });
    const findings = await findingsOf(tx, opened);
    await setOpenFindings(tx, id, findings.filter((f) => f.status === 'open').length);
    // The reason goes with the content (sealed); the log says who waived which finding.
    await logAccess(tx, { sessionIds: [id], userId: user.id, action: 'waive', at, detail: { finding: n } });
    return findings.find((f) => f.n === n)!;
  });
}

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
    // Locked, so that a waiver or an erasure cannot slip between the count and the decision.
    const s = await sessionSummary(tx, id, { lock: true });
    if (!s || s.state === 'erased') throw new DomainError('not-found', `There is no session ${id} to decide on (unknown, or erased by its contributor).`);
    if (state === 'approved' && s.state === 'submitted') await refuseWhileOpen(tx, server, s);
    if (!(await decide(tx, id, { state, by: user.id, at, reason }))) {
      throw new DomainError('conflict', `Session ${id} is ${s.state}${s.decidedBy ? ` (by ${s.decidedBy})` : ''}, and only a submitted session can be approved or rejected.`);
    }
    await logAccess(tx, { sessionIds: [id], userId: user.id, action: state === 'approved' ? 'approve' : 'reject', at, detail: reason ? { reason } : undefined });
    return summaryOf((await sessionSummary(tx, id))!);
  });
}
