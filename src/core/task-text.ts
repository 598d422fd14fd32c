// The task a session demonstrates, as the person wrote it: one line, trimmed, at most TASK_MAX_CHARS.
// The one rule for task text, whether it comes from `cairn record --task`, the Record screen or review.
import { TASK_MAX_CHARS } from '../shared/task-limit.ts';
import { DomainError } from './domain-error.ts';

/** The task to store: trimmed, with line breaks made spaces; null for an empty one (no task). */
export function parseTask(raw: string): string | null {
  const task = raw.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (task === '') return null;
  const chars = Array.from(task).length;
  if (chars > TASK_MAX_CHARS) {
    throw new DomainError('invalid-input', `The task is ${chars} characters long; shorten it to at most ${TASK_MAX_CHARS}.`);
  }
  return task;
}
