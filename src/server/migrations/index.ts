// The team service's PostgreSQL migrations, in order. Numbers 020-039 are kept for the governance
// modules (org policy, ledger, record of processing). To add one: a file NNN-name.ts exporting
// `up` (SQL), listed here, and a test that migrates a database of the previous version.
import * as initial from './001-initial.ts';
import * as waivers from './002-waivers.ts';
import * as serviceReview from './003-service-review.ts';
import * as governance from './020-governance.ts';
import * as policyProposals from './021-policy-proposals.ts';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', up: initial.up },
  { version: 2, name: 'waivers', up: waivers.up },
  { version: 3, name: 'service-review', up: serviceReview.up },
  { version: 20, name: 'governance', up: governance.up },
  { version: 21, name: 'policy-proposals', up: policyProposals.up },
];
