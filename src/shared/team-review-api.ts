// The team service's review API as the UI it serves reads it (the sign-in, the queue, a session,
// its findings and the decision): paths and zod schemas shared by the service's routes
// (src/remote/api-schemas.ts re-exports them), `cairn remote` and the renderer, so none can drift.
// Only zod here: the renderer imports this file.
import * as z from 'zod';

export const API_PREFIX = '/api/v1';

/** The tag the service puts in the page it serves, which puts the UI in its remote mode. */
export const TEAM_SERVICE_MARK = { tag: '<meta name="cairn-host" content="team-service" />', selector: 'meta[name="cairn-host"][content="team-service"]' };
export const SessionId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a session id');
export const Ms = z.number().int();

export const ROLES = ['contributor', 'reviewer', 'researcher', 'admin', 'council'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const Me = z.object({ name: z.string(), role: Role });
export type Me = z.infer<typeof Me>;

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
  /** The service's own detectors have not finished with it yet: it cannot be approved meanwhile. */
  checking: z.boolean(),
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
  /** Who raised it: the contributor's machine (in the bundle), or this service's own detectors. */
  foundBy: z.enum(['contributor', 'service']),
  detector: z.string(),
  preview: z.string(),
  frameSeq: z.number().int().nullable(),
  status: z.enum(['open', 'redacted', 'waived']),
  /** The reviewer of this service who waived it. */
  waivedBy: z.string().nullable(),
});
export type ServerFinding = z.infer<typeof ServerFinding>;

export const SessionDetail = SessionSummary.extend({
  /** What the session demonstrates, as its contributor named it (null: none, or redacted). */
  task: z.string().nullable(),
  windows: z.array(z.object({ seq: z.number().int(), t: z.number(), app: z.string(), title: z.string().nullable() })),
  frameList: z.array(z.object({ seq: z.number().int(), t: z.number(), width: z.number().int(), height: z.number().int() })),
  findings: z.array(ServerFinding),
  consent: z.object({ version: z.string(), sha256: z.string(), acceptedAt: Ms }),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

const Seq = z.number().int().min(1);
const PixelBox = z.object({ x: z.number().int().min(0), y: z.number().int().min(0), width: z.number().int().min(1), height: z.number().int().min(1) }).strict();
/** A reviewer's destructive redaction on the service: what a finding points at, a typed-text span
 *  (key-down seqs), a window's title, the task, or a box on a frame. */
export const RedactRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finding'), finding: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('text'), fromSeq: Seq, toSeq: Seq }).strict(),
  z.object({ kind: z.literal('title'), windowSeq: Seq }).strict(),
  z.object({ kind: z.literal('task') }).strict(),
  z.object({ kind: z.literal('box'), frameSeq: Seq, box: PixelBox }).strict(),
]);
export type RedactRequest = z.infer<typeof RedactRequest>;

/** The answer to a redaction: the session's findings as they are now. */
export const Redacted = z.object({ openFindings: z.number().int(), findings: z.array(ServerFinding) });
export type Redacted = z.infer<typeof Redacted>;

export const Rejection = z.object({ reason: z.string().trim().min(1, 'a reason the contributor can act on').max(2000) }).strict();
export const Waiver = z.object({ reason: z.string().trim().min(1, 'a reason why the finding is no secret').max(2000) }).strict();

/** The review routes, by name: the service's router, `cairn remote` and the UI build paths from these. */
export const REVIEW_ROUTES = {
  me: `${API_PREFIX}/me`,
  queue: `${API_PREFIX}/queue`,
  session: (id: string) => `${API_PREFIX}/sessions/${id}`,
  frame: (id: string, seq: number) => `${API_PREFIX}/sessions/${id}/frames/${seq}`,
  approve: (id: string) => `${API_PREFIX}/sessions/${id}/approve`,
  reject: (id: string) => `${API_PREFIX}/sessions/${id}/reject`,
  waive: (id: string, finding: number) => `${API_PREFIX}/sessions/${id}/findings/${finding}/waive`,
  redact: (id: string) => `${API_PREFIX}/sessions/${id}/redact`,
} as const;
