// The two sweeping redactions of `cairn redact`: every occurrence of a given string in the typed
// text (`--text`), and every open finding after a fresh scan (`--auto`) but the frames where a
// typed secret may show unread, which are a person's call (see shared/finding-kinds.ts).
import { DomainError } from '../../core/domain-error.ts';
import { isUnreadFrame, openUnreadFrames } from '../../shared/finding-kinds.ts';
import { listFindings } from '../../store/findings-repo.ts';
import { readWindows } from '../../store/session-content.ts';
import { getSession } from '../../store/session-repo.ts';
import type { Store } from '../../store/store.ts';
import { type ScanOptions, scanSession } from '../scan-session.ts';
import { seqSpan, sessionTextRuns } from '../session-text.ts';
import { destructiveChange } from './destructive-change.ts';
import { clearKeys } from './redact-key-span.ts';
import { resolveFinding } from './resolve-finding.ts';

/** Redacts the key spans behind every occurrence of `needle` in the session's typed text. The
 *  reason and audit name the spans only, never the string. Returns the spans redacted. */
export function redactString(store: Store, sessionId: string, needle: string, options: { reason?: string; actor?: string } = {}): { fromSeq: number; toSeq: number }[] {
  if (!needle) throw new DomainError('invalid-input', 'The text to redact is empty.');
  const session = getSession(store, sessionId);
  const spans: { fromSeq: number; toSeq: number }[] = [];
  for (const run of sessionTextRuns(store, session, readWindows(store, sessionId))) {
    for (let at = run.text.indexOf(needle); at !== -1; at = run.text.indexOf(needle, at + needle.length)) {
      const span = seqSpan(run, at, at + needle.length);
      if (span) spans.push(span);
    }
  }
  if (spans.length === 0) return spans;
  // One transaction and one checkpoint for every occurrence: a common string can occur thousands of times.
  const target = { spans: spans.map((s) => [s.fromSeq, s.toSeq]) };
  destructiveChange(store, { sessionId, kind: 'text', target, reason: options.reason ?? 'typed text matching a given string', actor: options.actor }, () => {
    for (const span of spans) clearKeys(store, sessionId, span.fromSeq, span.toSeq);
  });
  return spans;
}

/** Scans the session, then redacts what every open finding points at, but unread frames. Returns
 *  how many were redacted, how many stay open, and how many of those are unread frames. */
export async function redactAuto(store: Store, sessionId: string, options: ScanOptions & { reason?: string } = {}): Promise<{ redacted: number; open: number; unreadFrames: number }> {
  await scanSession(store, sessionId, options);
  let redacted = 0;
  for (const f of listFindings(store, sessionId, 'open')) {
    if (isUnreadFrame(f)) continue;
    // An earlier redaction in this sweep may already have covered it.
    if (listFindings(store, sessionId, 'open').every((o) => o.id !== f.id)) continue;
    await resolveFinding(store, sessionId, f.id, 'redact', options.reason ?? `automatic redaction (${f.detector})`, { actor: options.actor });
    redacted++;
  }
  const open = listFindings(store, sessionId, 'open');
  return { redacted, open: open.length, unreadFrames: openUnreadFrames(open) };
}
