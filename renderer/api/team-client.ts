// The remote mode: the UI as `cairn server start` serves it talks to the team service's API
// (/api/v1, src/shared/team-review-api.ts) as the person whose token was typed into the sign-in
// form. The token is kept in this tab's sessionStorage (a reload keeps the sign-in, closing the tab
// ends it) and sent only as a Bearer header: never in a URL, so never in history, logs or a
// Referer. Frames come as bytes with that header and are shown through blob: URLs; files (the ledger,
// a contributor's data, the documents) likewise, saved through a download link.
import type { z } from 'zod';
import { fromHttpErrorBody } from '../../src/shared/api-error-codec.ts';
import { Me, type RedactRequest, Redacted, REVIEW_ROUTES, ServerFinding, SessionDetail, SessionSummary, TEAM_SERVICE_MARK } from '../../src/shared/team-review-api.ts';
import { AccessEntry, MyPulls, PolicyStatus, ROLE_ROUTES, StatsAnswer } from '../../src/shared/team-roles-api.ts';
import { ApiCallError } from './api-call-error.ts';

const KEY = 'cairn.team-token';

/** Whether the team service served this page (src/server/http/server-host.ts marks it). */
export function isTeamService(): boolean {
  return document.querySelector(TEAM_SERVICE_MARK.selector) !== null;
}

export interface TeamApi {
  /** Checks the token with the service and keeps it for this tab; answers who it is. */
  signIn(token: string): Promise<Me>;
  signOut(): void;
  /** Who the kept token is, or null when this tab has not signed in. */
  me(): Promise<Me | null>;
  queue(): Promise<SessionSummary[]>;
  session(id: string): Promise<SessionDetail>;
  /** A blob: URL of the frame's image; the caller revokes it. */
  frameUrl(id: string, seq: number): Promise<string>;
  approve(id: string): Promise<SessionSummary>;
  reject(id: string, reason: string): Promise<SessionSummary>;
  waive(id: string, finding: number, reason: string): Promise<ServerFinding>;
  /** A contributor's own sessions, and who accessed one of them. */
  mySessions(): Promise<SessionSummary[]>;
  accessLog(id: string): Promise<AccessEntry[]>;
  myPulls(): Promise<MyPulls>;
  policyStatus(): Promise<PolicyStatus>;
  stats(): Promise<StatsAnswer>;
  /** Fetches `path` (a ROLE_ROUTES file) with the token and saves it as `filename`. */
  download(path: string, filename: string): Promise<void>;
  /** Destroys what the request names on the service (a finding's place, a title, the task, a box). */
  redact(id: string, request: RedactRequest): Promise<Redacted>;
}

async function request(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  } catch {
    throw new ApiCallError('network', 'The team service is not reachable: is `cairn server start` still running?');
  }
  if (response.ok) return response;
  const error = fromHttpErrorBody(await response.json().catch(() => null));
  if (error) throw new ApiCallError(response.status === 401 ? 'unauthorized' : error.code, error.message);
  throw new ApiCallError('internal', `The team service answered ${response.status} to ${path}.`);
}

export function createTeamApi(): TeamApi {
  const token = () => {
    const kept = sessionStorage.getItem(KEY);
    if (!kept) throw new ApiCallError('unauthorized', 'Sign in with the token `cairn server add-user` printed for you.');
    return kept;
  };
  const json = async <T>(schema: z.ZodType<T>, path: string, init?: RequestInit) => schema.parse(await (await request(token(), path, init)).json());
  const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });
  return {
    signIn: async (typed) => {
      const me = Me.parse(await (await request(typed.trim(), REVIEW_ROUTES.me)).json());
      sessionStorage.setItem(KEY, typed.trim());
      return me;
    },
    signOut: () => sessionStorage.removeItem(KEY),
    me: async () => (sessionStorage.getItem(KEY) ? json(Me, REVIEW_ROUTES.me) : null),
    queue: () => json(SessionSummary.array(), REVIEW_ROUTES.queue),
    session: (id) => json(SessionDetail, REVIEW_ROUTES.session(id)),
    frameUrl: async (id, seq) => URL.createObjectURL(await (await request(token(), REVIEW_ROUTES.frame(id, seq))).blob()),
    approve: (id) => json(SessionSummary, REVIEW_ROUTES.approve(id), post({})),
    reject: (id, reason) => json(SessionSummary, REVIEW_ROUTES.reject(id), post({ reason })),
    waive: (id, finding, reason) => json(ServerFinding, REVIEW_ROUTES.waive(id, finding), post({ reason })),
    mySessions: () => json(SessionSummary.array(), ROLE_ROUTES.mySessions),
    accessLog: (id) => json(AccessEntry.array(), ROLE_ROUTES.accessLog(id)),
    myPulls: () => json(MyPulls, ROLE_ROUTES.myPulls),
    policyStatus: () => json(PolicyStatus, ROLE_ROUTES.policyStatus),
    stats: () => json(StatsAnswer, ROLE_ROUTES.stats),
    download: async (path, filename) => {
      const url = URL.createObjectURL(await (await request(token(), path)).blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: filename });
      document.body.append(link);
      link.click();
      link.remove();
      // The click has handed the bytes to the browser's download; the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    },
    redact: (id, r) => json(Redacted, REVIEW_ROUTES.redact(id), post(r)),
  };
}
