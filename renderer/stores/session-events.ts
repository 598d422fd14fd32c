// Keeps every cache that shows sessions fresh: the core's `sessions.changed` event (a session
// submitted, approved, rejected or deleted, a recording started or ended, in this window or another)
// makes each store holding sessions read them again, so no screen shows a state until a reload.
import { getApi } from '../api/get-api.ts';
import { useData } from './data-store.ts';
import { useExport } from './export-store.ts';
import { useReview } from './review-store.ts';
import { useSessions } from './sessions-store.ts';
import { useSteps } from './steps-store.ts';

/** Subscribes the stores; returns the function that stops it. */
export function followSessionChanges(): () => void {
  return getApi().onEvent('sessions.changed', ({ id }) => {
    void useSessions.getState().refresh(id);
    void useReview.getState().refresh(id);
    void useSteps.getState().refresh(id);
    // These two read everything they show; only what was opened once is kept fresh.
    if (useExport.getState().sessions) void useExport.getState().load();
    if (useData.getState().data) void useData.getState().load();
  });
}
