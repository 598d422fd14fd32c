// The session overview behind `cairn sessions`: state, duration, how much was captured and in
// which apps.
import type { SessionState } from '../shared/session-states.ts';
import { gapOffsetMs, type SessionRow, type StopGap, stopGapOf } from './session-repo.ts';
import type { Store } from './store.ts';

/** Rough on-disk size of one event row, for the size estimate (measured: ~80 B a row with its
 *  share of b-tree pages). */
export const APPROX_EVENT_BYTES = 80;

export interface SessionSummary {
  id: string;
  state: SessionState;
  startedAt: number;
  endedAt: number | null;
  durationMs: number;
  eventCount: number;
  frameCount: number;
  /** Frame bytes plus an estimate for the events. */
  bytes: number;
  apps: string[];
  /** Findings neither redacted nor waived: an approved session with any cannot be exported. */
  openFindings: number;
  /** What the session demonstrates; null when none was given. */
  task: string | null;
  /** Set when the recording stopped by itself (full disk, storage guard): nothing after `at` was
   *  recorded, `afterMs` into the recording. */
  stopped: (StopGap & { afterMs: number }) | null;
}

interface SummaryRow extends Pick<SessionRow, 'stop_reason' | 'stop_detail' | 'stopped_at' | 'task'> {
  id: string;
  state: SessionState;
  started_at: number;
  ended_at: number | null;
  last_flush_at: number | null;
  events: number;
  frames: number;
  frame_bytes: number;
  apps: string | null;
  open_findings: number;
}

export function listSessions(store: Store, options: { includeDeleted?: boolean } = {}): SessionSummary[] {
  const rows = store
    .prepare<[number], SummaryRow>(
      `SELECT s.id, s.state, s.started_at, s.ended_at, s.last_flush_at, s.stop_reason, s.stop_detail, s.stopped_at, s.task,
         (SELECT count(*) FROM events e WHERE e.session_id = s.id) AS events,
         (SELECT count(*) FROM frames f WHERE f.session_id = s.id) AS frames,
         (SELECT coalesce(sum(length(f.bytes)), 0) FROM frames f WHERE f.session_id = s.id) AS frame_bytes,
         (SELECT json_group_array(app) FROM (SELECT DISTINCT w.app FROM windows w WHERE w.session_id = s.id ORDER BY w.app)) AS apps,
         (SELECT count(*) FROM findings fi WHERE fi.session_id = s.id AND fi.status = 'open') AS open_findings
       FROM sessions s WHERE ? OR s.state != 'deleted' ORDER BY s.started_at, s.id`,
    )
    .all(options.includeDeleted ? 1 : 0);
  return rows.map((r) => {
    const gap = stopGapOf(r);
    return {
      id: r.id,
      state: r.state,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      durationMs: Math.max(0, (r.ended_at ?? r.last_flush_at ?? r.started_at) - r.started_at),
      eventCount: r.events,
      frameCount: r.frames,
      bytes: r.frame_bytes + r.events * APPROX_EVENT_BYTES,
      apps: r.apps ? (JSON.parse(r.apps) as string[]) : [],
      openFindings: r.open_findings,
      task: r.task,
      stopped: gap && { ...gap, afterMs: gapOffsetMs(gap, r.started_at) },
    };
  });
}
