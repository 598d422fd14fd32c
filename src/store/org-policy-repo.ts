// The organisation's policy this machine runs under (works-council mode), stored as the signed file
// it received once src/services/org-policy.ts had checked both signatures. Read back, it is parsed
// again by the core's schema; what it narrows is said by src/core/org-policy-narrowing.ts.
import { createHash } from 'node:crypto';
import type { AppPolicy } from '../core/app-policy.ts';
import { OrgPolicy, SignedOrgPolicy } from '../core/org-policy.ts';
import { narrowPolicies, narrowRetention } from '../core/org-policy-narrowing.ts';
import { appendAudit } from './audit-log.ts';
import { listPolicies } from './policy-repo.ts';
import { getSettings } from './settings-repo.ts';
import type { Store } from './store.ts';

export interface InstalledOrgPolicy {
  policy: OrgPolicy;
  file: SignedOrgPolicy;
  /** sha256 of the file as stored (its JSON text). */
  sha256: string;
  source: string;
  installedAt: number;
}

interface Row {
  file: string;
  sha256: string;
  source: string;
  installed_at: number;
}

export function readOrgPolicy(store: Store): InstalledOrgPolicy | null {
  const row = store.prepare<[], Row>('SELECT file, sha256, source, installed_at FROM org_policy WHERE id = 1').get();
  if (!row) return null;
  const file = SignedOrgPolicy.parse(JSON.parse(row.file));
  return { policy: OrgPolicy.parse(file.policy), file, sha256: row.sha256, source: row.source, installedAt: row.installed_at };
}

/** Stores a checked policy file in place of the one before, with an audit row naming it. */
export function saveOrgPolicy(store: Store, file: SignedOrgPolicy, options: { source: string; actor: string; at?: number }): InstalledOrgPolicy {
  const policy = OrgPolicy.parse(file.policy);
  const text = JSON.stringify(file);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const at = options.at ?? Date.now();
  store.tx(() => {
    store
      .prepare(
        `INSERT INTO org_policy (id, file, sha256, source, installed_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET file = excluded.file, sha256 = excluded.sha256, source = excluded.source, installed_at = excluded.installed_at`,
      )
      .run(text, sha256, options.source, at);
    appendAudit(store, {
      at,
      actor: options.actor,
      action: 'org-policy.install',
      detail: { organisation: policy.organisation, issuedAt: policy.issuedAt, sha256, apps: policy.apps.length, retentionDays: policy.retentionDays },
    });
  });
  return { policy, file, sha256, source: options.source, installedAt: at };
}

/** The apps that may be recorded now: the person's allowed ones as the organisation's policy lets them stand. */
export function effectiveAllowedPolicies(store: Store): AppPolicy[] {
  const local = listPolicies(store).map(({ app, allowed, keys, screens, titles, sites }) => ({ app, allowed, keys, screens, titles, ...(sites ? { sites } : {}) }));
  return narrowPolicies(local, readOrgPolicy(store)?.policy ?? null).filter((p) => p.allowed);
}

/** Days after which unsubmitted sessions are erased: the shorter of the person's setting and the organisation's. */
export function effectiveRetentionDays(store: Store): number | null {
  return narrowRetention(getSettings(store).retentionDays, readOrgPolicy(store)?.policy ?? null);
}
