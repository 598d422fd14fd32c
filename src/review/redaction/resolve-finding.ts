// Resolving a finding: 'redact' applies the redaction its location calls for (the key span of
// typed text, the window's title, the task, an element's name, the box on the frame); 'waive' keeps the content and records the
// reviewer's reason, which is what lets an approved session with that content be exported.
import { DomainError } from '../../core/domain-error.ts';
import { appendAudit } from '../../store/audit-log.ts';
import { type Finding, getFinding, markWaived } from '../../store/findings-repo.ts';
import { sessionRow } from '../../store/session-repo.ts';
import type { Store } from '../../store/store.ts';
import { blackOutBox, WHOLE_FRAME } from './black-out-box.ts';
import { actorFor } from './destructive-change.ts';
import { redactElementName } from './redact-element.ts';
import { redactKeySpan } from './redact-key-span.ts';
import { redactTask } from './redact-task.ts';
import { redactTitle } from './redact-title.ts';

export async function resolveFinding(
  store: Store,
  sessionId: string,
  findingId: number,
  action: 'redact' | 'waive',
  reason: string,
  options: { actor?: string; at?: number } = {},
): Promise<Finding> {
  const finding = getFinding(store, sessionId, findingId);
  if (!finding) throw new DomainError('not-found', `Session ${sessionId} has no finding ${findingId}; \`cairn show\` lists its findings.`);
  const at = options.at ?? Date.now();
  if (action === 'waive') {
    store.tx(() => {
      const actor = options.actor ?? actorFor(sessionRow(store, sessionId).state);
      markWaived(store, findingId, reason, at);
      appendAudit(store, { at, actor, action: 'review.waive', sessionId, detail: { findingId, detector: finding.detector, reason } });
    });
  } else {
    await redactFinding(store, sessionId, finding, { reason, actor: options.actor, at });
  }
  return getFinding(store, sessionId, findingId)!;
}

async function redactFinding(store: Store, sessionId: string, f: Finding, options: { reason: string; actor?: string; at: number }): Promise<void> {
  const l = f.location;
  if (f.source === 'text' && l.fromSeq !== undefined && l.toSeq !== undefined) redactKeySpan(store, sessionId, l.fromSeq, l.toSeq, options);
  else if (f.source === 'title' && l.windowSeq !== undefined) redactTitle(store, sessionId, l.windowSeq, options);
  else if (f.source === 'task') redactTask(store, sessionId, options);
  else if (f.source === 'element' && l.elementSeq !== undefined) redactElementName(store, sessionId, l.elementSeq, l.node, options);
  // A frame without a box may show a typed secret somewhere OCR could not read: all of it goes.
  else if (f.source === 'frame' && l.frameSeq !== undefined) await blackOutBox(store, sessionId, l.frameSeq, l.box ?? WHOLE_FRAME, options);
  else throw new DomainError('invalid-input', `Finding ${f.id} has no location that can be redacted; waive it or cut its time range.`);
}
