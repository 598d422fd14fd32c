// The team service's HTTP API: every route's path, and the zod schema of what it takes and gives.
// The server's routes (src/server/http/) and the `cairn remote` client (this folder) both use these, so the two
// sides cannot drift. Times are unix milliseconds, as everywhere in Cairn.
import * as z from 'zod';
import { EXPORT_FORMATS } from '../export/writers/export-writer.ts';
import { MAX_BUNDLE_BYTES } from '../export/bundle/bundle-format.ts';
import { API_PREFIX, Ms, REVIEW_ROUTES, SessionId } from '../shared/team-review-api.ts';
import { EraseReason, ROLE_ROUTES } from '../shared/team-roles-api.ts';

// The reviewer's part is in src/shared, so that the UI the service serves reads the same schemas.
export { API_PREFIX, Me, RedactRequest, Redacted, Rejection, ServerFinding, ServerSessionState, SessionDetail, SessionSummary, Waiver } from '../shared/team-review-api.ts';
// So is what the other roles' screens read (the access log, a researcher's pulls, the policy status).
export { AccessAction, AccessEntry, EraseReason, MyPulls, PolicyStatus, PolicyView } from '../shared/team-roles-api.ts';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex');

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
  ...REVIEW_ROUTES,
  ...ROLE_ROUTES,
  uploads: `${API_PREFIX}/uploads`,
  upload: (id: string) => `${API_PREFIX}/uploads/${id}`,
  uploadComplete: (id: string) => `${API_PREFIX}/uploads/${id}/complete`,
  sync: `${API_PREFIX}/sync`,
  pulls: `${API_PREFIX}/pulls`,
  pulledBundle: (pull: number, id: string) => `${API_PREFIX}/pulls/${pull}/sessions/${id}`,
  withdrawn: `${API_PREFIX}/withdrawn`,
} as const;
