// What the recording indicator's window may reach: the recorder's state and elapsed time, by one
// call and by its status event, and nothing else of the API. Its preload (indicator-preload.ts)
// exposes just this as `window.cairnIndicator`; the main process refuses its window every other
// method and sends it no other event, so even a compromised indicator page can do no more.
import type { RecordingSnapshot as Status } from '../shared/contract.ts';

export const INDICATOR_GLOBAL = 'cairnIndicator';
/** The only method and the only event the indicator's window is given. */
export const INDICATOR_METHOD = 'recorder.status';
export const INDICATOR_EVENT = 'recorder.status';

/** What the indicator page is shown of a status: no session id, counts or warnings. */
export type IndicatorStatus = Pick<Status, 'state' | 'elapsedMs'>;

export function indicatorStatus(status: unknown): IndicatorStatus {
  const s = (status ?? {}) as Partial<Status>;
  return { state: s.state === 'recording' || s.state === 'paused' ? s.state : 'idle', elapsedMs: Number(s.elapsedMs) || 0 };
}

/** The window API the indicator's preload exposes (and its page uses). */
export interface IndicatorApi {
  status(): Promise<IndicatorStatus>;
  /** Calls `listener` with every status change; returns the function that stops it. */
  onStatus(listener: (status: IndicatorStatus) => void): () => void;
}
