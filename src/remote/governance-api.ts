// The governance routes' paths and answers, shared by the service (governance-routes.ts) and the
// `cairn remote` client, as api-schemas.ts does for the rest of the API.
import * as z from 'zod';
import { API_PREFIX } from './api-schemas.ts';

/** The smallest group of contributors whose activity counts are shown (aggregate-stats.ts). */
export const MIN_GROUP = 5;

export const GOVERNANCE_ROUTES = {
  /** The signed organisation policy in force (every role). */
  policy: `${API_PREFIX}/policy`,
  /** Monthly activity counts, minimum group size applied (admin, council). */
  stats: `${API_PREFIX}/governance/stats`,
  recordOfProcessing: `${API_PREFIX}/governance/record-of-processing`,
  dpia: `${API_PREFIX}/governance/dpia`,
  /** The ledger as CSV: a contributor's own rows, or every contributor's for an admin. */
  ledger: `${API_PREFIX}/ledger`,
  /** Everything the service holds about the contributor asking, as a tar. */
  myData: `${API_PREFIX}/my/data`,
} as const;

export const PolicyAnswer = z.object({ file: z.unknown(), sha256: z.string(), setAt: z.number() });
export type PolicyAnswer = z.infer<typeof PolicyAnswer>;

const Counts = z.object({ period: z.string(), contributors: z.number(), submitted: z.number(), approved: z.number(), rejected: z.number(), erased: z.number(), approvedMinutes: z.number() });
export const StatsAnswer = z.object({
  minGroup: z.literal(MIN_GROUP),
  months: z.array(z.union([Counts.strict(), z.object({ period: z.string(), contributors: z.literal(`<${MIN_GROUP}`) }).strict()])),
});
