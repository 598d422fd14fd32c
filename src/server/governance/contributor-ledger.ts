// The contributor ledger: approved recording minutes and steps per contributor per month, with the
// datasets (researchers' pulls) their sessions went into, as a CSV statement that compensation
// can be paid on. A session counts in the month (UTC) it was approved, and keeps counting after
// its contributor withdrew it: the work was done and approved (the `withdrawn` column says so).
// The rows come from governance-repo.ts; CSV quoting (RFC 4180, CRLF) is csv-stringify's.
import { stringify } from 'csv-stringify/sync';

/** One approved session as the database gives it. */
export interface ApprovedSession {
  contributor: string;
  sessionId: string;
  approvedAt: number;
  startedAt: number;
  endedAt: number | null;
  /** Actions derived from its events (clicks, typed text, ...); null when not counted at upload. */
  steps: number | null;
  withdrawn: boolean;
  pulls: readonly { pull: number; at: number; format: string }[];
}

export interface LedgerRow {
  contributor: string;
  /** YYYY-MM (UTC) of approval. */
  period: string;
  approvedSessions: number;
  approvedMinutes: number;
  /** Null when a session of the month has no step count (uploaded before steps were counted). */
  steps: number | null;
  withdrawnSessions: number;
  datasets: { pull: number; at: number; format: string }[];
}

export const LEDGER_COLUMNS = ['contributor', 'period', 'approved_sessions', 'approved_minutes', 'steps', 'withdrawn_sessions', 'datasets'] as const;

export function ledgerRows(sessions: readonly ApprovedSession[]): LedgerRow[] {
  const rows = new Map<string, LedgerRow>();
  for (const s of sessions) {
    const period = new Date(s.approvedAt).toISOString().slice(0, 7);
    const key = `${s.contributor}\u0000${period}`;
    const row = rows.get(key) ?? { contributor: s.contributor, period, approvedSessions: 0, approvedMinutes: 0, steps: 0, withdrawnSessions: 0, datasets: [] };
    row.approvedSessions++;
    row.approvedMinutes += Math.max(0, (s.endedAt ?? s.startedAt) - s.startedAt) / 60_000;
    row.steps = row.steps === null || s.steps === null ? null : row.steps + s.steps;
    if (s.withdrawn) row.withdrawnSessions++;
    for (const p of s.pulls) if (!row.datasets.some((d) => d.pull === p.pull)) row.datasets.push({ ...p });
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((r) => ({ ...r, datasets: r.datasets.sort((a, b) => a.pull - b.pull) }))
    .sort((a, b) => a.contributor.localeCompare(b.contributor) || a.period.localeCompare(b.period));
}

/** The statement as CSV (RFC 4180: CRLF, fields with commas, quotes or line breaks quoted). */
export function ledgerCsv(rows: readonly LedgerRow[]): string {
  return stringify(
    rows.map((r) => [
      r.contributor,
      r.period,
      r.approvedSessions,
      r.approvedMinutes.toFixed(1),
      r.steps ?? '',
      r.withdrawnSessions,
      // Each dataset as "pull 12 (2026-12-03, hf)", in one cell.
      r.datasets.map((d) => `pull ${d.pull} (${new Date(d.at).toISOString().slice(0, 10)}, ${d.format})`).join('; '),
    ]),
    { header: true, columns: [...LEDGER_COLUMNS], record_delimiter: 'windows' },
  );
}
