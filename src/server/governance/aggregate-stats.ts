// What an admin (or the works council) may see of the team's activity: counts per month, never a
// person. A figure is shown only for a group of at least MIN_GROUP contributors: a month with
// fewer shows "<5" contributors and nothing else, since its sessions and minutes would otherwise
// be one or two people's activity. No figure counts people who did not take part (accounts without
// sessions, refusals), so no one can be picked out as having declined. The SQL that feeds this
// (governance-repo.ts) groups before it returns, so no per-person row leaves the database.

import { MIN_GROUP } from '../../remote/governance-api.ts';

// The fewest distinct contributors a figure may stand for: MIN_GROUP, defined beside the answer's schema.
export { MIN_GROUP };

/** One month's totals as the database groups them (no names, no ids). */
export interface ActivityGroup {
  /** YYYY-MM (UTC). */
  period: string;
  /** Distinct contributors who submitted a session this month. */
  contributors: number;
  submitted: number;
  approved: number;
  rejected: number;
  /** Sessions withdrawn or deleted by their contributors. */
  erased: number;
  /** Recorded minutes of the approved sessions. */
  approvedMinutes: number;
}

export type ActivityRow = (Omit<ActivityGroup, 'contributors'> & { contributors: number }) | { period: string; contributors: `<${typeof MIN_GROUP}` };

export interface ActivityStats {
  minGroup: typeof MIN_GROUP;
  months: ActivityRow[];
}

export function activityStats(groups: readonly ActivityGroup[]): ActivityStats {
  const months = [...groups]
    .sort((a, b) => a.period.localeCompare(b.period))
    .map((g): ActivityRow => (g.contributors >= MIN_GROUP ? { ...g, approvedMinutes: Math.round(g.approvedMinutes) } : { period: g.period, contributors: `<${MIN_GROUP}` }));
  return { minGroup: MIN_GROUP, months };
}
