// The review workflow over the one state machine: the contributor submits, a reviewer approves or
// rejects with a reason the contributor sees. Approval is refused while any finding is open, and
// export asks `isExportable`, which holds only for approved sessions with no open finding.
import { DomainError } from '../core/domain-error.ts';
import type { SessionState } from '../shared/session-states.ts';
import { openUnreadFrames } from '../shared/finding-kinds.ts';
import { countOpenFindings, type Finding, listFindings } from '../store/findings-repo.ts';
import { recordReview } from '../store/review-repo.ts';
import { applyAction, sessionRow } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';

export function openFindings(store: Store, sessionId: string): Finding[] {
  return listFindings(store, sessionId, 'open');
}

/** Whether a session may leave the machine: approved, and no finding neither redacted nor waived. */
export function isExportable(store: Store, sessionId: string): boolean {
  return sessionRow(store, sessionId).state === 'approved' && countOpenFindings(store, sessionId) === 0;
}

export function submitSession(store: Store, sessionId: string, options: { actor?: string; at?: number } = {}): SessionState {
  return applyAction(store, sessionId, 'submit', { actor: options.actor ?? 'contributor', at: options.at });
}

/**
 * Approves a submitted session. Typed text and titles are scanned again first (cheap, and it means a
 * session never scanned cannot slip through); frames are OCR'd only by an explicit scan. Refused
 * while any finding is open.
 */
export async function approveSession(store: Store, sessionId: string, options: { actor?: string; at?: number; rescan?: boolean } = {}): Promise<SessionState> {
  if (options.rescan ?? true) {
    // Loaded here: the detectors pull in secretlint and tesseract.js, which every command that
    // imports this module (export, the review handlers) would otherwise pay for at start.
    const { scanSession } = await import('./scan-session.ts');
    if (sessionRow(store, sessionId).state === 'submitted') await scanSession(store, sessionId, { frames: false });
  }
  const at = options.at ?? Date.now();
  const actor = options.actor ?? 'reviewer';
  return store.tx(() => {
    const open = countOpenFindings(store, sessionId);
    if (open > 0 && sessionRow(store, sessionId).state === 'submitted') {
      const unread = openUnreadFrames(listFindings(store, sessionId, 'open'));
      const frames = unread ? ` (${unread} of them ${unread === 1 ? 'a frame' : 'frames'} that may show a secret typed or titled there, which OCR could not find: look at each)` : '';
      throw new DomainError(
        'refused',
        `Session ${sessionId} has ${open} open finding${open === 1 ? '' : 's'}${frames}; redact or waive ${open === 1 ? 'it' : 'each'} (\`cairn redact\`, or the review screen) before approving.`,
      );
    }
    const to = applyAction(store, sessionId, 'approve', { actor, at });
    recordReview(store, sessionId, { actor, at, reason: null });
    return to;
  });
}

export function rejectSession(store: Store, sessionId: string, reason: string, options: { actor?: string; at?: number } = {}): SessionState {
  const trimmed = reason.trim();
  if (!trimmed) throw new DomainError('invalid-input', 'A rejection needs a reason the contributor can act on.');
  const at = options.at ?? Date.now();
  const actor = options.actor ?? 'reviewer';
  return store.tx(() => {
    const to = applyAction(store, sessionId, 'reject', { actor, at, reason: trimmed });
    recordReview(store, sessionId, { actor, at, reason: trimmed });
    return to;
  });
}
