// The team service's API as the other roles' screens read it (contributor, researcher, admin,
// council; the reviewer's part is team-review-api.ts): paths and zod schemas shared by the
// service's routes, `cairn remote` and the renderer. Only zod here: the renderer imports this file.
import * as z from 'zod';
import { API_PREFIX, Ms, Role, SessionId } from './team-review-api.ts';

export const AccessAction = z.enum(['upload', 'view-text', 'view-frame', 'waive', 'redact', 'approve', 'reject', 'pull', 'erase']);
export const AccessEntry = z.object({ at: Ms, who: z.string(), role: Role, action: AccessAction, detail: z.record(z.string(), z.unknown()).nullable() });
export type AccessEntry = z.infer<typeof AccessEntry>;

export const EraseReason = z.enum(['deleted', 'forgotten', 'withdrawn']);
export type EraseReason = z.infer<typeof EraseReason>;

/** A researcher's view of what they may pull and what they pulled: approved sessions (no
 *  contributor named), and each of their datasets with the sessions withdrawn since. */
export const MyPulls = z.object({
  approved: z.array(z.object({ id: SessionId, reviewer: z.string(), approvedAt: Ms })),
  pulls: z.array(
    z.object({
      id: z.number().int(),
      at: Ms,
      format: z.string(),
      destination: z.string(),
      sessions: z.number().int(),
      withdrawn: z.array(z.object({ id: SessionId, erasedAt: Ms, reason: EraseReason })),
    }),
  ),
});
export type MyPulls = z.infer<typeof MyPulls>;

/** The smallest group of contributors whose activity counts are shown (src/server/governance/aggregate-stats.ts). */
export const MIN_GROUP = 5;

const Counts = z.object({ period: z.string(), contributors: z.number(), submitted: z.number(), approved: z.number(), rejected: z.number(), erased: z.number(), approvedMinutes: z.number() });
/** Monthly activity counts; a month of fewer than `minGroup` contributors carries nothing but that. */
export const StatsAnswer = z.object({
  minGroup: z.literal(MIN_GROUP),
  months: z.array(z.union([Counts.strict(), z.object({ period: z.string(), contributors: z.literal(`<${MIN_GROUP}`) }).strict()])),
});
export type StatsAnswer = z.infer<typeof StatsAnswer>;

/** A policy as people read it: what it allows, and who signed it with which key. */
export const PolicyView = z.object({
  organisation: z.string(),
  issuedAt: z.string(),
  sha256: z.string(),
  apps: z.array(z.object({ app: z.string(), keys: z.string(), screens: z.string(), titles: z.string(), sites: z.array(z.string()).nullable() })),
  retentionDays: z.number().int(),
  purposes: z.array(z.string()),
  consent: z.object({ version: z.number().int(), sha256: z.string() }),
  signers: z.array(z.object({ role: z.enum(['admin', 'council']), name: z.string(), fingerprint: z.string() })),
});
export type PolicyView = z.infer<typeof PolicyView>;

/** The policy in force, and a newer version sent with one signature, waiting for the other. */
export const PolicyStatus = z.object({
  inForce: PolicyView.extend({ setAt: Ms }).nullable(),
  pending: PolicyView.extend({ sentAt: Ms, sentBy: z.string(), missing: z.enum(['admin', 'council']) }).nullable(),
});
export type PolicyStatus = z.infer<typeof PolicyStatus>;

/** The routes of these screens, by name: the service's router, `cairn remote` and the UI build paths from these. */
export const ROLE_ROUTES = {
  mySessions: `${API_PREFIX}/my/sessions`,
  accessLog: (id: string) => `${API_PREFIX}/sessions/${id}/access-log`,
  myPulls: `${API_PREFIX}/my/pulls`,
  /** The signed organisation policy in force (every role); POST: an admin or council member sends one. */
  policy: `${API_PREFIX}/policy`,
  /** The policy in force and the pending version, with their signers (admin, council). */
  policyStatus: `${API_PREFIX}/policy/status`,
  /** The pending version's signed file, to sign with `cairn org sign` (admin, council). */
  pendingPolicy: `${API_PREFIX}/policy/pending`,
  /** Monthly activity counts, minimum group size applied (admin, council). */
  stats: `${API_PREFIX}/governance/stats`,
  recordOfProcessing: `${API_PREFIX}/governance/record-of-processing`,
  dpia: `${API_PREFIX}/governance/dpia`,
  /** The ledger as CSV: a contributor's own rows, or every contributor's for an admin. */
  ledger: `${API_PREFIX}/ledger`,
  /** Everything the service holds about the contributor asking, as a tar. */
  myData: `${API_PREFIX}/my/data`,
} as const;
