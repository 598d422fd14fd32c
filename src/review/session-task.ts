// Naming or changing what a session demonstrates. The task is text the person typed and every export
// carries it as the instruction, so it is scanned by the same detectors as window titles before it
// is stored, and its findings must be resolved like any other before approval.
import { parseTask } from '../core/task-text.ts';
import { DomainError } from '../core/domain-error.ts';
import type { NewFinding } from '../store/findings-repo.ts';
import { sessionRow, writeTask } from '../store/session-repo.ts';
import type { Store } from '../store/store.ts';
import { defaultCustomRules, detectText } from './detectors/index.ts';
import { actorFor } from './redaction/destructive-change.ts';

/** The findings the detectors raise on a task (one per detector: redacting erases the whole task). */
export async function taskFindings(task: string | null): Promise<NewFinding[]> {
  if (task === null) return [];
  const matches = await detectText(task, { customRules: defaultCustomRules() });
  return matches.map((m) => ({ source: 'task', detector: m.detector, preview: m.preview, location: {} }));
}

/** Sets the task from what the person typed (empty clears it); refused once approved (or deleted). */
export async function setSessionTask(store: Store, sessionId: string, raw: string, options: { actor?: string; at?: number } = {}): Promise<string | null> {
  const task = parseTask(raw);
  const found = await taskFindings(task);
  const state = sessionRow(store, sessionId).state;
  // An approved session is what the reviewer saw: changing its instruction would export unreviewed text.
  if (state === 'approved' || state === 'deleted') {
    throw new DomainError('conflict', `Session ${sessionId} is ${state}, so its task can no longer change.`);
  }
  writeTask(store, sessionId, task, found, { actor: options.actor ?? actorFor(state), at: options.at ?? Date.now() });
  return task;
}
