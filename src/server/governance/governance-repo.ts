// The governance module's SQL (lint keeps SQL in *-repo.ts files): signing keys, the organisation
// policies set, the step count of a session, and the figures and rows the ledger, the activity
// stats, the documents and a contributor's download are made from. The activity figures are
// grouped in SQL, so no per-person row ever leaves the database for them.
import type { TrustedKey } from '../../consent/org-policy-signature.ts';
import type { Queryable } from '../db/pool.ts';
import type { Role } from '../roles.ts';
import type { ActivityGroup } from './aggregate-stats.ts';
import type { ApprovedSession } from './contributor-ledger.ts';

export async function insertSigningKey(db: Queryable, k: { userId: number; publicKey: string; fingerprint: string; at: number }): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO signing_keys (user_id, public_key, fingerprint, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (public_key) DO NOTHING',
    [k.userId, k.publicKey, k.fingerprint, k.at],
  );
  return rowCount === 1;
}

/** Deletes the key with `fingerprint`; returns its holder, or null when none was registered. */
export async function deleteSigningKey(db: Queryable, fingerprint: string): Promise<{ name: string; role: Role } | null> {
  const { rows } = await db.query<{ name: string; role: Role }>(
    'DELETE FROM signing_keys k USING users u WHERE k.fingerprint = $1 AND u.id = k.user_id RETURNING u.name, u.role',
    [fingerprint],
  );
  return rows[0] ?? null;
}

/** The keys of admins and council members whose tokens are not revoked, each for its holder's role. */
export async function trustedSigningKeys(db: Queryable): Promise<TrustedKey[]> {
  const { rows } = await db.query<TrustedKey>(
    `SELECT u.role, k.public_key AS "publicKey", u.name FROM signing_keys k JOIN users u ON u.id = k.user_id
     WHERE u.revoked_at IS NULL AND u.role IN ('admin', 'council') ORDER BY k.id`,
  );
  return rows;
}

export async function insertOrgPolicy(db: Queryable, p: { file: string; sha256: string; issuedAt: string; at: number }): Promise<void> {
  await db.query('INSERT INTO org_policies (file, sha256, issued_at, set_at) VALUES ($1, $2, $3, $4)', [p.file, p.sha256, p.issuedAt, p.at]);
}

export interface StoredOrgPolicy {
  file: string;
  sha256: string;
  setAt: number;
}

/** The policy in force: the one set last. */
export async function currentOrgPolicy(db: Queryable): Promise<StoredOrgPolicy | null> {
  const { rows } = await db.query<StoredOrgPolicy>('SELECT file, sha256, set_at AS "setAt" FROM org_policies ORDER BY id DESC LIMIT 1');
  return rows[0] ?? null;
}

export async function setSessionSteps(db: Queryable, sessionId: string, steps: number): Promise<void> {
  await db.query('UPDATE sessions SET steps = $2 WHERE id = $1', [sessionId, steps]);
}

/** Month by month (UTC, by submission): distinct contributors and the sessions' fates, counts only. */
export async function activityGroups(db: Queryable): Promise<ActivityGroup[]> {
  const { rows } = await db.query<ActivityGroup>(
    `SELECT to_char(to_timestamp(s.submitted_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM') AS period,
            count(DISTINCT s.owner_id)::int AS contributors,
            count(*)::int AS submitted,
            count(*) FILTER (WHERE a.session_id IS NOT NULL)::int AS approved,
            count(*) FILTER (WHERE s.state = 'rejected')::int AS rejected,
            count(*) FILTER (WHERE s.state = 'erased')::int AS erased,
            coalesce(sum(greatest(coalesce(s.ended_at, s.started_at) - s.started_at, 0)) FILTER (WHERE a.session_id IS NOT NULL), 0)::float8 / 60000 AS "approvedMinutes"
     FROM sessions s LEFT JOIN (SELECT DISTINCT session_id FROM access_log WHERE action = 'approve') a ON a.session_id = s.id
     GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

/** Every session ever approved (withdrawn ones too: the access log keeps the approval), of one
 *  contributor or of all, with the pulls each went into. */
export async function approvedForLedger(db: Queryable, ownerId: number | null): Promise<ApprovedSession[]> {
  const { rows } = await db.query<ApprovedSession>(
    `SELECT o.name AS contributor, s.id AS "sessionId", a.at AS "approvedAt", s.started_at AS "startedAt", s.ended_at AS "endedAt",
            s.steps, s.state = 'erased' AS withdrawn,
            coalesce((SELECT json_agg(json_build_object('pull', p.id, 'at', p.at, 'format', p.format) ORDER BY p.id)
                      FROM pull_sessions ps JOIN pulls p ON p.id = ps.pull_id WHERE ps.session_id = s.id), '[]'::json) AS pulls
     FROM sessions s JOIN users o ON o.id = s.owner_id
     JOIN (SELECT session_id, min(at) AS at FROM access_log WHERE action = 'approve' GROUP BY session_id) a ON a.session_id = s.id
     WHERE ($1::bigint IS NULL OR s.owner_id = $1) ORDER BY o.name, a.at`,
    [ownerId],
  );
  return rows;
}

export async function roleCounts(db: Queryable): Promise<Record<Role, number>> {
  const { rows } = await db.query<{ role: Role; n: number }>('SELECT role, count(*)::int AS n FROM users WHERE revoked_at IS NULL GROUP BY role');
  const counts: Record<Role, number> = { contributor: 0, reviewer: 0, researcher: 0, admin: 0, council: 0 };
  for (const r of rows) counts[r.role] = r.n;
  return counts;
}

export async function holdings(db: Queryable): Promise<{ held: number; erased: number; datasetsPulled: number }> {
  const { rows } = await db.query<{ held: number; erased: number; datasetsPulled: number }>(
    `SELECT count(*) FILTER (WHERE state != 'erased')::int AS held, count(*) FILTER (WHERE state = 'erased')::int AS erased,
            (SELECT count(*)::int FROM pulls) AS "datasetsPulled" FROM sessions`,
  );
  return rows[0]!;
}

export interface MyAccount {
  name: string;
  role: string;
  createdAt: number;
}

export async function accountOf(db: Queryable, userId: number): Promise<MyAccount> {
  const { rows } = await db.query<MyAccount>('SELECT name, role, created_at AS "createdAt" FROM users WHERE id = $1', [userId]);
  return rows[0]!;
}

/** The access log of every session of one contributor. */
export async function accessLogOfOwner(db: Queryable, ownerId: number): Promise<{ sessionId: string; at: number; who: string; role: string; action: string; detail: unknown }[]> {
  const { rows } = await db.query<{ sessionId: string; at: number; who: string; role: string; action: string; detail: unknown }>(
    `SELECT a.session_id AS "sessionId", a.at, u.name AS who, u.role, a.action, a.detail
     FROM access_log a JOIN users u ON u.id = a.user_id JOIN sessions s ON s.id = a.session_id
     WHERE s.owner_id = $1 ORDER BY a.id`,
    [ownerId],
  );
  return rows;
}

export async function userNamed(db: Queryable, name: string): Promise<{ id: number; role: Role; revoked: boolean } | null> {
  const { rows } = await db.query<{ id: number; role: Role; revoked: boolean }>('SELECT id, role, revoked_at IS NOT NULL AS revoked FROM users WHERE name = $1', [name]);
  return rows[0] ?? null;
}

export async function insertPolicyProposal(db: Queryable, p: { file: string; sha256: string; issuedAt: string; sentBy: number; at: number }): Promise<void> {
  await db.query('INSERT INTO org_policy_proposals (file, sha256, issued_at, sent_by, sent_at) VALUES ($1, $2, $3, $4, $5)', [p.file, p.sha256, p.issuedAt, p.sentBy, p.at]);
}

export interface StoredProposal {
  file: string;
  sha256: string;
  sentAt: number;
  sentBy: string;
}

/** The policy sent last with one signature (whether it still waits is the caller's to judge). */
export async function latestPolicyProposal(db: Queryable): Promise<StoredProposal | null> {
  const { rows } = await db.query<StoredProposal>(
    'SELECT p.file, p.sha256, p.sent_at AS "sentAt", u.name AS "sentBy" FROM org_policy_proposals p JOIN users u ON u.id = p.sent_by ORDER BY p.id DESC LIMIT 1',
  );
  return rows[0] ?? null;
}
