// What the service is configured to do right now, gathered in one value for the documents a works
// council and a data protection officer read: the record of processing (record-of-processing.ts)
// and the DPIA support pack (dpia-pack.ts). Both are written from this and nothing else, so they
// describe the running service, not a template. Counts only: no name of a contributor.
import type { OrgPolicy } from '../../core/org-policy.ts';
import type { Role } from '../roles.ts';
import { MIN_GROUP } from './aggregate-stats.ts';

export interface LiveConfiguration {
  generatedAt: number;
  /** The signed policy in force, with who signed it; null before one is set. */
  policy: {
    policy: OrgPolicy;
    sha256: string;
    setAt: number;
    signers: { role: 'admin' | 'council'; name: string; fingerprint: string }[];
  } | null;
  /** Accounts per role (revoked ones left out). */
  roles: Record<Role, number>;
  /** Sessions the service holds, and tombstones of erased ones. */
  sessions: { held: number; erased: number; datasetsPulled: number };
  storage: {
    /** The database as `host:port/name`, never its user or password. */
    database: string;
    blobDir: string;
    keyDir: string;
  };
}

/** How the service protects what it holds: facts of Cairn's code, said once for both documents. */
export const SECURITY_MEASURES: readonly string[] = [
  "Each session's content (events, window titles, typed text, frames) is sealed with AES-256-GCM under a key of its own, kept in the key folder outside PostgreSQL; erasing a session destroys its key, so rows and blobs that linger in PostgreSQL's files, WAL or backups stay unreadable.",
  'Frames are stored sealed in a content-addressed blob folder; the database names them by sha256 only.',
  'Access tokens are stored as sha256 hashes; a token is shown once and can be revoked.',
  'Every API call is authorised by role, and contributors reach only their own sessions.',
  "Every view of a session's frames or text, every decision and every dataset pull is written to an access log that the contributor can read.",
  `Admins and the council see activity counts per month only, and only for groups of at least ${MIN_GROUP} contributors; no view shows one person's activity or who declined to take part.`,
  'The service listens on 127.0.0.1 unless told otherwise; TLS termination is the deployer\'s (a reverse proxy).',
  'Contributors record only the apps and sites both they and the signed organisation policy allow, review and redact each session on their own machine, and submit only what they choose; a withdrawal synced to the service erases their content there.',
];

/** Text from the policy or configuration, made safe for one line or table cell of Markdown. */
export function mdText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]|<>#])/g, '\\$1');
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The apps the policy allows, as a Markdown table. */
export function appsTable(policy: OrgPolicy): string[] {
  if (policy.apps.length === 0) return ['No app may be recorded.'];
  return [
    '| app | keys | screens | window titles | sites |',
    '| --- | --- | --- | --- | --- |',
    ...policy.apps.map((a) => `| ${mdText(a.app)} | ${a.keys} | ${a.screens} | ${a.titles} | ${a.sites ? a.sites.map(mdText).join(', ') : 'every site (browsers) / whole app'} |`),
  ];
}
