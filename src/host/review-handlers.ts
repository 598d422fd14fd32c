// The review methods of the API: detectors, destructive redaction and the reviewer's workflow, each
// a thin call into src/review. Every answer that changes findings returns the session's findings.
import type { Handlers } from './invoke.ts';
import { listFindings } from '../store/findings-repo.ts';
import { listSessions } from '../store/session-list.ts';
import type { Store } from '../store/store.ts';
import { blackOutBox } from '../review/redaction/black-out-box.ts';
import { cutRange } from '../review/redaction/cut-range.ts';
import { redactKeySpan } from '../review/redaction/redact-key-span.ts';
import { resolveFinding } from '../review/redaction/resolve-finding.ts';
import { scanSession } from '../review/scan-session.ts';
import { setSessionTask } from '../review/session-task.ts';
import { approveSession, rejectSession, submitSession } from '../review/workflow.ts';

type ReviewMethod = Extract<keyof Handlers, `review.${string}`>;

export function reviewHandlers(store: Store): Pick<Handlers, ReviewMethod> {
  const summary = (id: string) => listSessions(store, { includeDeleted: true }).find((s) => s.id === id)!;
  return {
    'review.queue': () => listSessions(store).filter((s) => s.state === 'submitted'),
    'review.scan': ({ id }) => scanSession(store, id),
    'review.redactBox': async ({ id, frameSeq, box, reason }) => {
      await blackOutBox(store, id, frameSeq, box, { reason });
      return listFindings(store, id);
    },
    'review.redactText': ({ id, fromSeq, toSeq, reason }) => {
      redactKeySpan(store, id, fromSeq, toSeq, { reason });
      return listFindings(store, id);
    },
    'review.cutRange': ({ id, fromMs, toMs, reason }) => {
      cutRange(store, id, fromMs, toMs, { reason });
      return listFindings(store, id);
    },
    'review.resolveFinding': async ({ id, findingId, action, reason }) => {
      await resolveFinding(store, id, findingId, action, reason);
      return listFindings(store, id);
    },
    'review.setTask': async ({ id, task }) => {
      await setSessionTask(store, id, task);
      return summary(id);
    },
    'review.submit': ({ id }) => {
      submitSession(store, id);
      return summary(id);
    },
    'review.approve': async ({ id }) => {
      await approveSession(store, id);
      return summary(id);
    },
    'review.reject': ({ id, reason }) => {
      rejectSession(store, id, reason);
      return summary(id);
    },
  };
}
