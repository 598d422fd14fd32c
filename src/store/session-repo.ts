// Sessions: created in state recording, then moved only by the state machine of
// core/session-state.ts, one audit row per change.
import type { AppPolicy } from '../core/app-policy.ts';
import type { DropCounts } from '../core/consent-gate.ts';
import type { KeyboardLayout } from '../shared/keyboard-layout.ts';
import { transition } from '../core/session-state.ts';
import type { SessionAction, SessionState } from '../shared/session-states.ts';
import { appendAudit } from './audit-log.ts';
import { addFindings, type NewFinding } from './findings-repo.ts';
import { StoreError, unknownSession } from './store-error.ts';
import type { Store } from './store.ts';

export interface NewSession {
  id: string;
  /** Wall clock (unix ms) at start. */
  startedAt: number;
  /** Event-clock ms at start: event times are stored relative to it. */
  clockOrigin: number;
  layout: KeyboardLayout;
  /** Snapshot of the allowed apps' policies in force for this recording. */
  policies: readonly AppPolicy[];
  consentId: number;
  pid: number;
  host: string;
  actor: string;
  /** The task the recording demonstrates, when the person named it before starting. */
  task?: string | null;
}

/** Why a recording stopped by itself: the disk filled up, or the storage guard stopped it first
 *  (free disk below the minimum, or the storage budget reached). */
export type StopReason = 'disk-full' | 'low-disk' | 'storage-budget';

/** A recording that stopped by itself: why, the sentence the person was shown, and the moment
 *  (unix ms) after which nothing was recorded. */
export interface StopGap {
  reason: StopReason;
  detail: string;
  at: number;
}

export interface SessionRecord {
  id: string;
  state: SessionState;
  startedAt: number;
  endedAt: number | null;
  clockOrigin: number;
  layout: KeyboardLayout;
  policies: AppPolicy[];
  consentId: number | null;
  pid: number | null;
  host: string | null;
  dropped: Partial<DropCounts>;
  lastFlushAt: number | null;
  stopGap: StopGap | null;
  /** What the recording demonstrates, in the person's words; null when none was given (or it was redacted). */
  task: string | null;
}

export interface SessionRow {
  id: string;
  state: SessionState;
  started_at: number;
  ended_at: number | null;
  clock_origin: number;
  layout_json: string;
  policies_json: string;
  consent_id: number | null;
  recorder_pid: number | null;
  recorder_host: string | null;
  dropped_json: string;
  last_flush_at: number | null;
  stop_reason: StopReason | null;
  stop_detail: string | null;
  stopped_at: number | null;
  task: string | null;
  /** JSON of the elements stored and missed (ElementCounts); null when none were read. */
  element_counts: string | null;
}

export function createSession(store: Store, s: NewSession): SessionRecord {
  store.tx(() => {
    const consent = store
      .prepare<[number], { withdrawn_at: number | null }>('SELECT withdrawn_at FROM consent_acceptances WHERE id = ?')
      .get(s.consentId);
    if (!consent || consent.withdrawn_at !== null) {
      throw new StoreError('no-consent', `Consent ${s.consentId} is not in force; accept the consent text (\`cairn consent accept\`) before recording.`);
    }
    store
      .prepare(
        `INSERT INTO sessions (id, state, started_at, clock_origin, layout_json, policies_json, consent_id, recorder_pid, recorder_host, task)
         VALUES (?, 'recording', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.id, s.startedAt, s.clockOrigin, JSON.stringify(s.layout), JSON.stringify(s.policies), s.consentId, s.pid, s.host, s.task ?? null);
    appendAudit(store, {
      at: s.startedAt,
      actor: s.actor,
      action: 'session.start',
      sessionId: s.id,
      detail: { to: 'recording', consentId: s.consentId, apps: s.policies.map((p) => p.app) },
    });
  });
  return getSession(store, s.id);
}

/** The session, or a StoreError 'not-found' naming the command that lists them. */
export function getSession(store: Store, id: string): SessionRecord {
  const row = sessionRow(store, id);
  return {
    id: row.id,
    state: row.state,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    clockOrigin: row.clock_origin,
    layout: JSON.parse(row.layout_json) as KeyboardLayout,
    policies: JSON.parse(row.policies_json) as AppPolicy[],
    consentId: row.consent_id,
    pid: row.recorder_pid,
    host: row.recorder_host,
    dropped: JSON.parse(row.dropped_json) as Partial<DropCounts>,
    lastFlushAt: row.last_flush_at,
    stopGap: stopGapOf(row),
    task: row.task,
  };
}

export function stopGapOf(row: Pick<SessionRow, 'stop_reason' | 'stop_detail' | 'stopped_at' | 'last_flush_at' | 'started_at'>): StopGap | null {
  if (row.stop_reason === null) return null;
  return { reason: row.stop_reason, detail: row.stop_detail ?? '', at: row.stopped_at ?? row.last_flush_at ?? row.started_at };
}

/** How far into the recording its gap begins (ms). */
export function gapOffsetMs(gap: StopGap, startedAt: number): number {
  return Math.max(0, gap.at - startedAt);
}

/** The session's state, or undefined when there is no such session. */
export function sessionState(store: Store, id: string): SessionState | undefined {
  return store.prepare<[string], SessionState>('SELECT state FROM sessions WHERE id = ?').pluck().get(id);
}

/** Ids of the sessions in `state`, oldest first. */
export function sessionIdsIn(store: Store, state: SessionState): string[] {
  return store.prepare<[SessionState], string>('SELECT id FROM sessions WHERE state = ? ORDER BY started_at, id').pluck().all(state);
}

export function sessionRow(store: Store, id: string): SessionRow {
  const row = store.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?').get(id);
  if (!row) throw unknownSession(id);
  return row;
}

/** Moves a session through the state machine; IllegalTransition propagates untouched and nothing
 *  is written. Returns the new state. */
export function applyAction(
  store: Store,
  id: string,
  action: SessionAction,
  options: { actor: string; reason?: string; at?: number },
): SessionState {
  const at = options.at ?? Date.now();
  return store.tx(() => {
    const row = sessionRow(store, id);
    const to = transition(row.state, action);
    // An interrupted recording ended when it last reached disk, not when it was found.
    const endedAt = action === 'interrupt' ? (row.last_flush_at ?? row.started_at) : at;
    store.prepare('UPDATE sessions SET state = ?, ended_at = coalesce(ended_at, ?) WHERE id = ?').run(to, endedAt, id);
    appendAudit(store, {
      at,
      actor: options.actor,
      action: `session.${action}`,
      sessionId: id,
      detail: { from: row.state, to, ...(options.reason === undefined ? {} : { reason: options.reason }) },
    });
    return to;
  });
}

/** Replaces the session's task (null clears it) and the findings on it, with its audit row, which
 *  says that it changed and how long it is, never the text. Findings on the old text go unless
 *  redacted (a waiver covered words no longer there). The caller has checked the state and scanned. */
export function writeTask(store: Store, id: string, task: string | null, found: readonly NewFinding[], options: { actor: string; at: number }): void {
  store.tx(() => {
    const row = sessionRow(store, id);
    store.prepare('UPDATE sessions SET task = ? WHERE id = ?').run(task, id);
    store.prepare(`DELETE FROM findings WHERE session_id = ? AND source = 'task' AND status != 'redacted'`).run(id);
    addFindings(store, id, found, options.actor, options.at);
    appendAudit(store, { at: options.at, actor: options.actor, action: 'session.task', sessionId: id, detail: { had: row.task !== null, chars: task?.length ?? 0 } });
  });
}

export function setDropped(store: Store, id: string, counts: Partial<DropCounts>): void {
  const { changes } = store.guard(() =>
    store.prepare('UPDATE sessions SET dropped_json = ? WHERE id = ?').run(JSON.stringify(counts), id),
  );
  if (changes === 0) throw unknownSession(id);
}

export function touchFlush(store: Store, id: string, at: number): void {
  const { changes } = store.guard(() => store.prepare('UPDATE sessions SET last_flush_at = ? WHERE id = ?').run(at, id));
  if (changes === 0) throw unknownSession(id);
}

/**
 * Records why a recording stopped by itself. `at` defaults to the last moment the session reached
 * disk, which is where the gap of a full disk begins: the batch that failed was never stored. The
 * first cause recorded stays (a guard's stop is not overwritten by the full disk it prevented).
 * One single-row UPDATE, no audit row: it must fit on a disk that is full; the stop transition
 * that follows carries the reason in the audit log. Returns whether it was recorded now.
 */
export function recordStopGap(store: Store, id: string, gap: { reason: StopReason; detail: string; at?: number }): boolean {
  const { changes } = store.guard(() =>
    store
      .prepare(
        `UPDATE sessions SET stop_reason = ?, stop_detail = ?, stopped_at = coalesce(?, last_flush_at, started_at)
         WHERE id = ? AND stop_reason IS NULL`,
      )
      .run(gap.reason, gap.detail, gap.at ?? null, id),
  );
  if (changes === 0) sessionRow(store, id);
  return changes > 0;
}

/** The sessions a recorder process is still recording (its own, for the storage guard). */
export function recordingSessionsOf(store: Store, pid: number, host: string): string[] {
  return store
    .prepare<[number, string], string>(`SELECT id FROM sessions WHERE state = 'recording' AND recorder_pid = ? AND recorder_host = ?`)
    .pluck()
    .all(pid, host);
}

/** The recorder processes of every session still recording (whichever process runs them). */
/** A recording discarded on withdrawal no longer belongs to its process: the process lives on
 *  (the app's service) and the withdrawal, which erases the session, need not wait for it. */
export function releaseRecorder(store: Store, sessionId: string): void {
  store.prepare(`UPDATE sessions SET recorder_pid = NULL WHERE id = ? AND state = 'recording'`).run(sessionId);
}

export function recordingProcesses(store: Store): { pid: number; host: string }[] {
  return store
    .prepare<[], { pid: number; host: string }>(
      `SELECT recorder_pid AS pid, recorder_host AS host FROM sessions WHERE state = 'recording' AND recorder_pid IS NOT NULL`,
    )
    .all();
}
