// The team service's HTTP API: every route's path, and the zod schema of what it takes and gives.
// The server's routes (http/) and the `cairn remote` client (client/) both use these, so the two
// sides cannot drift. Times are unix milliseconds, as everywhere in Cairn.
import * as z from 'zod';
import { EXPORT_FORMATS } from '../export/writers/export-writer.ts';
import { MAX_BUNDLE_BYTES } from '../export/bundle/bundle-format.ts';
import { Role } from './roles.ts';

export const API_PREFIX = '/api/v1';
const SessionId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a session id');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex');
const Ms = z.number().int();

export const Me = z.object({ name: z.string(), role: Role });
export type Me = z.infer<typeof Me>;

export const UploadStart = z.object({ size: z.number().int().min(1).max(MAX_BUNDLE_BYTES), sha256: Sha256 }).strict();
export const UploadStatus = z.object({
  id: z.string().uuid(),
  size: z.number().int(),
  /** Bytes the server holds: the next chunk starts here. */
  offset: z.number().int(),
  /** Set once the upload was verified and stored. */
  sessions: z.array(SessionId).nullable(),
});
export type UploadStatus = z.infer<typeof UploadStatus>;

export const ServerSessionState = z.enum(['submitted', 'approved', 'rejected', 'erased']);
export const SessionSummary = z.object({
  id: SessionId,
  contributor: z.string(),
  state: ServerSessionState,
  submittedAt: Ms,
  startedAt: Ms,
  endedAt: Ms.nullable(),
  events: z.number().int(),
  frames: z.number().int(),
  /** Findings open on this service (server-findings.ts): the bundle's waivers do not count. */
  openFindings: z.number().int(),
  /** The reviewer who approved or rejected it, by name. */
  decidedBy: z.string().nullable(),
  decidedAt: Ms.nullable(),
  reason: z.string().nullable(),
  erasedAt: Ms.nullable(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

/** A finding as the service counts it: open unless its content is gone or a reviewer here waived it. */
export const ServerFinding = z.object({
  /** Its number within the session (1, 2, …): what `cairn remote waive` takes. */
  n: z.number().int(),
  source: z.string(),
  detector: z.string(),
  preview: z.string(),
  frameSeq: z.number().int().nullable(),
  status: z.enum(['open', 'redacted', 'waived']),
  /** The reviewer of this service who waived it. */
  waivedBy: z.string().nullable(),
});
export type ServerFinding = z.infer<typeof ServerFinding>;

export const SessionDetail = SessionSummary.extend({
  windows: z.array(z.object({ seq: z.number().int(), t: z.number(), app: z.string(), title: z.string().nullable() })),
  frameList: z.array(z.object({ seq: z.number().int(), t: z.number(), width: z.number().int(), height: z.number().int() })),
  findings: z.array(ServerFinding),
  consent: z.object({ version: z.string(), sha256: z.string(), acceptedAt: Ms }),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

export const Rejection = z.object({ reason: z.string().trim().min(1, 'a reason the contributor can act on').max(2000) }).strict();

export const Waiver = z.object({ reason: z.string().trim().min(1, 'a reason why the finding is no secret').max(2000) }).strict();

export const AccessAction = z.enum(['upload', 'view-text', 'view-frame', 'waive', 'approve', 'reject', 'pull', 'erase']);
export const AccessEntry = z.object({ at: Ms, who: z.string(), role: Role, action: AccessAction, detail: z.record(z.string(), z.unknown()).nullable() });
export type AccessEntry = z.infer<typeof AccessEntry>;

export const EraseReason = z.enum(['deleted', 'forgotten', 'withdrawn']);
export type EraseReason = z.infer<typeof EraseReason>;
export const SyncRequest = z.object({ erase: z.array(z.object({ id: SessionId, reason: EraseReason }).strict()).max(10_000) }).strict();
export const PulledBy = z.object({ pull: z.number().int(), researcher: z.string(), at: Ms, destination: z.string() });
export const SyncResult = z.object({
  erased: z.array(z.object({ id: SessionId, pulls: z.array(PulledBy) })),
  /** Erased before (a tombstone): nothing more to do. */
  alreadyErased: z.array(SessionId),
});
export type SyncResult = z.infer<typeof SyncResult>;

export const PullRequest = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    /** Where the researcher writes it, recorded so a withdrawal can name the dataset. */
    destination: z.string().min(1).max(4096),
    /** Approved sessions to pull; every approved session when absent. */
    sessions: z.array(SessionId).max(10_000).optional(),
  })
  .strict();
export const Pull = z.object({
  id: z.number().int(),
  sessions: z.array(z.object({ id: SessionId, reviewer: z.string(), approvedAt: Ms })),
  /** Every erased session's id: downstream copies must purge them (the export's tombstones). */
  tombstones: z.array(SessionId),
});
export type Pull = z.infer<typeof Pull>;

export const WithdrawnQuery = z.object({ sessions: z.array(SessionId).max(100_000) }).strict();
export const Withdrawn = z.object({ withdrawn: z.array(z.object({ id: SessionId, erasedAt: Ms, reason: EraseReason })) });
export type Withdrawn = z.infer<typeof Withdrawn>;

/** The routes, by name: the server's router and the client build paths from these. */
export const ROUTES = {
  me: `${API_PREFIX}/me`,
  uploads: `${API_PREFIX}/uploads`,
  upload: (id: string) => `${API_PREFIX}/uploads/${id}`,
  uploadComplete: (id: string) => `${API_PREFIX}/uploads/${id}/complete`,
  mySessions: `${API_PREFIX}/my/sessions`,
  queue: `${API_PREFIX}/queue`,
  session: (id: string) => `${API_PREFIX}/sessions/${id}`,
  frame: (id: string, seq: number) => `${API_PREFIX}/sessions/${id}/frames/${seq}`,
  approve: (id: string) => `${API_PREFIX}/sessions/${id}/approve`,
  reject: (id: string) => `${API_PREFIX}/sessions/${id}/reject`,
  waive: (id: string, finding: number) => `${API_PREFIX}/sessions/${id}/findings/${finding}/waive`,
  accessLog: (id: string) => `${API_PREFIX}/sessions/${id}/access-log`,
  sync: `${API_PREFIX}/sync`,
  pulls: `${API_PREFIX}/pulls`,
  pulledBundle: (pull: number, id: string) => `${API_PREFIX}/pulls/${pull}/sessions/${id}`,
  withdrawn: `${API_PREFIX}/withdrawn`,
} as const;
