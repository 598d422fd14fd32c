// Waivers a reviewer of this service made (migration 002): who waived which finding of a session,
// when, and the reason sealed with the session's key. Erasing a session deletes its waivers.
import type { ServerWaiver } from '../server-findings.ts';
import type { Queryable } from './pool.ts';

export async function waiversOf(db: Queryable, sessionId: string): Promise<ServerWaiver[]> {
  const { rows } = await db.query<ServerWaiver>(
    `SELECT w.finding, u.name AS by, w.at FROM finding_waivers w JOIN users u ON u.id = w.waived_by WHERE w.session_id = $1 ORDER BY w.finding`,
    [sessionId],
  );
  return rows;
}

/** Records a waiver; false when that finding was waived here already. */
export async function insertWaiver(db: Queryable, w: { sessionId: string; finding: number; by: number; at: number; sealedReason: Buffer }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO finding_waivers (session_id, finding, waived_by, at, reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [w.sessionId, w.finding, w.by, w.at, w.sealedReason],
  );
  return rowCount === 1;
}

export async function setOpenFindings(db: Queryable, sessionId: string, open: number): Promise<void> {
  await db.query('UPDATE sessions SET open_findings = $2 WHERE id = $1', [sessionId, open]);
}

/** The sealed reasons of a session's waivers, to be sealed again under a new key (a redaction). */
export async function sealedReasons(db: Queryable, sessionId: string): Promise<{ finding: number; reason: Buffer }[]> {
  return (await db.query<{ finding: number; reason: Buffer }>('SELECT finding, reason FROM finding_waivers WHERE session_id = $1', [sessionId])).rows;
}

export async function replaceReasons(db: Queryable, sessionId: string, reasons: readonly { finding: number; reason: Buffer }[]): Promise<void> {
  for (const r of reasons) await db.query('UPDATE finding_waivers SET reason = $3 WHERE session_id = $1 AND finding = $2', [sessionId, r.finding, r.reason]);
}
