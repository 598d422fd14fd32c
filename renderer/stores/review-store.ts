// The session under review and the reviewer's queue: a cache of what the core answers, refreshed
// after every redaction so the person sees the black box or the placeholder that replaced what was
// there, and when the core announces that a session changed (see session-events.ts). The core owns
// every rule (what may be approved, what a redaction erases); this only calls it.
import { create } from 'zustand';
import type { MethodOutput } from '../../src/shared/contract.ts';
import { ApiCallError } from '../api/api-call-error.ts';
import { getApi } from '../api/get-api.ts';
import { attempt } from './error-store.ts';
import { forgetFrame } from './frame-cache.ts';
import { useSessions } from './sessions-store.ts';

/** The session as the viewer keeps it: everything but its events, which are read in slices. */
export type ReviewDetail = Omit<MethodOutput<'sessions.get'>, 'events'>;
export type Finding = MethodOutput<'review.scan'>[number];
export type QueueEntry = MethodOutput<'review.queue'>[number];
export type Box = { x: number; y: number; width: number; height: number };

interface ReviewState {
  queue: QueueEntry[] | null;
  detail: ReviewDetail | null;
  /** Bumped whenever stored content changed, so frames and event slices are read again. */
  revision: number;
  /** Index into detail.frames of the frame shown. */
  frameIndex: number;
  busy: boolean;
  /** The core's sentence when it refused a workflow step (e.g. approving with open findings). */
  refusal: string | null;
  loadQueue(): Promise<void>;
  open(id: string): Promise<void>;
  showFrame(index: number): void;
  scan(): Promise<void>;
  redactBox(frameSeq: number, box: Box): Promise<boolean>;
  redactText(fromSeq: number, toSeq: number): Promise<boolean>;
  cutRange(fromMs: number, toMs: number): Promise<boolean>;
  resolve(finding: Finding, action: 'redact' | 'waive', reason: string): Promise<boolean>;
  /** Names or changes the task ('' clears it). */
  setTask(task: string): Promise<boolean>;
  submit(): Promise<boolean>;
  approve(): Promise<boolean>;
  reject(reason: string): Promise<boolean>;
  /** After `sessions.changed`: the queue again, and the session open here if it is the one changed. */
  refresh(changed: string | null): Promise<void>;
}

const withoutEvents = ({ events: _events, ...rest }: MethodOutput<'sessions.get'>): ReviewDetail => rest;

export const useReview = create<ReviewState>((set, get) => {
  const api = () => getApi();
  const id = () => get().detail?.id ?? '';

  /** Runs a change; on success reloads what it may have changed. */
  async function change<T>(call: () => Promise<T>, after: (result: T) => Promise<void> | void): Promise<boolean> {
    set({ busy: true, refusal: null });
    try {
      const result = await attempt(call);
      if (result === undefined) return false;
      await after(result);
      return true;
    } finally {
      set({ busy: false });
    }
  }

  async function reload(): Promise<void> {
    const detail = await attempt(() => api()['sessions.get']({ id: id() }));
    if (!detail) return;
    forgetFrame(detail.id);
    set((s) => ({ detail: withoutEvents(detail), revision: s.revision + 1, frameIndex: Math.min(s.frameIndex, Math.max(0, detail.frames.length - 1)) }));
  }

  const setFindings = (findings: Finding[]) => set((s) => (s.detail ? { detail: { ...s.detail, findings } } : {}));

  /** A workflow step: a refusal is shown beside its button, with the core's own sentence. */
  async function step(call: () => Promise<MethodOutput<'review.submit'>>): Promise<boolean> {
    set({ busy: true, refusal: null });
    try {
      const summary = await call();
      // The new state at once; its reason and audit rows follow with the sessions.changed event.
      set((s) => (s.detail ? { detail: { ...s.detail, state: summary.state } } : {}));
      return true;
    } catch (error) {
      if (error instanceof ApiCallError && (error.code === 'refused' || error.code === 'conflict')) {
        set({ refusal: error.message });
        // Approving rescans the text first: show the findings that stood in the way.
        await reload();
      } else await attempt(() => Promise.reject(error));
      return false;
    } finally {
      set({ busy: false });
    }
  }

  return {
    queue: null,
    detail: null,
    revision: 0,
    frameIndex: 0,
    busy: false,
    refusal: null,
    loadQueue: async () => {
      const queue = await attempt(() => api()['review.queue']({}));
      set({ queue: queue ?? [] });
    },
    open: async (sessionId) => {
      set({ detail: null, frameIndex: 0, refusal: null });
      // The Sessions screen may have read this session already: no need to read it twice.
      const known = useSessions.getState().detail;
      const detail = known?.id === sessionId ? known : await attempt(() => api()['sessions.get']({ id: sessionId }));
      if (detail) set((s) => ({ detail: withoutEvents(detail), revision: s.revision + 1 }));
    },
    showFrame: (index) => {
      const count = get().detail?.frames.length ?? 0;
      set({ frameIndex: Math.max(0, Math.min(count - 1, index)) });
    },
    scan: async () => {
      await change(() => api()['review.scan']({ id: id() }), setFindings);
    },
    redactBox: (frameSeq, box) =>
      change(
        () => api()['review.redactBox']({ id: id(), frameSeq, box }),
        (findings) => {
          forgetFrame(id(), frameSeq);
          setFindings(findings);
          set((s) => ({ revision: s.revision + 1 }));
        },
      ),
    redactText: (fromSeq, toSeq) => change(() => api()['review.redactText']({ id: id(), fromSeq, toSeq }), reload),
    cutRange: (fromMs, toMs) => change(() => api()['review.cutRange']({ id: id(), fromMs, toMs }), reload),
    resolve: (finding, action, reason) =>
      change(
        () => api()['review.resolveFinding']({ id: id(), findingId: finding.id, action, reason }),
        action === 'waive' ? setFindings : reload,
      ),
    setTask: (task) => change(() => api()['review.setTask']({ id: id(), task }), reload),
    submit: () => step(() => api()['review.submit']({ id: id() })),
    approve: () => step(() => api()['review.approve']({ id: id() })),
    reject: (reason) => step(() => api()['review.reject']({ id: id(), reason })),
    refresh: async (changed) => {
      if (get().queue) {
        const queue = await api()['review.queue']({}).catch(() => null);
        if (queue) set({ queue });
      }
      const shown = get().detail;
      if (!shown || (changed !== null && changed !== shown.id)) return;
      // A change of state leaves frames and events as they were: only the detail is read again. If
      // the session was erased meanwhile, the next step on it says so.
      const fresh = await api()['sessions.get']({ id: shown.id }).catch(() => null);
      if (fresh) set((s) => (s.detail?.id === shown.id ? { detail: withoutEvents(fresh) } : {}));
    },
  };
});
