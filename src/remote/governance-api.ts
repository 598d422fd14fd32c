// The governance routes' paths and answers, shared by the service (governance-routes.ts) and the
// `cairn remote` client, as api-schemas.ts does for the rest of the API. The paths and the answers
// the UI reads too are in src/shared/team-roles-api.ts.
import * as z from 'zod';
import { ROLE_ROUTES } from '../shared/team-roles-api.ts';

// MIN_GROUP stands beside the stats schema in src/shared, which the UI reads too.
export { MIN_GROUP, PolicyStatus, StatsAnswer } from '../shared/team-roles-api.ts';

export const GOVERNANCE_ROUTES = {
  policy: ROLE_ROUTES.policy,
  policyStatus: ROLE_ROUTES.policyStatus,
  pendingPolicy: ROLE_ROUTES.pendingPolicy,
  stats: ROLE_ROUTES.stats,
  recordOfProcessing: ROLE_ROUTES.recordOfProcessing,
  dpia: ROLE_ROUTES.dpia,
  ledger: ROLE_ROUTES.ledger,
  myData: ROLE_ROUTES.myData,
} as const;

export const PolicyAnswer = z.object({ file: z.unknown(), sha256: z.string(), setAt: z.number() });
export type PolicyAnswer = z.infer<typeof PolicyAnswer>;
