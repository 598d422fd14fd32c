// The team service's roles and what each may do: the one table every API route is checked
// against (http/router.ts). Ownership (a contributor reaches only their own sessions) is checked
// by the routes themselves, on top of this.
import { ROLES, type Role } from '../shared/team-review-api.ts';

// Defined in src/shared, beside the sign-in the UI reads them in.
export { ROLES, Role } from '../shared/team-review-api.ts';

/** What a role may do, each granted to the roles named here and to no other. */
export const PERMISSIONS = {
  /** Upload submitted sessions, list them, read their access log, erase them (sync). */
  contribute: ['contributor'],
  /** Work the queue: view a session's text and frames, approve, reject. */
  review: ['reviewer'],
  /** Redact a submitted session on the service (destructive: it is sealed again under a new key). */
  redact: ['reviewer'],
  /** Pull approved sessions as datasets; learn which pulled sessions were withdrawn. */
  pull: ['researcher'],
  /** Activity counts (minimum group size), the record of processing and the DPIA pack. */
  govern: ['admin', 'council'],
  /** The contributor ledger: a contributor's own rows, every contributor's for an admin. */
  ledger: ['contributor', 'admin'],
  /** Who am I, and the organisation policy: every role. */
  identify: ROLES,
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function mayDo(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Who may, as words for a refusal: "a reviewer", "a contributor". */
export function whoMay(permission: Permission): string {
  return PERMISSIONS[permission].map((r) => `a ${r}`).join(' or ');
}
