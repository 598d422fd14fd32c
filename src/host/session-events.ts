// `sessions.changed`, the event that keeps every window's cache of sessions fresh: the service
// announces it after each method that changes a session's state, when a recording starts or ends
// (Stop, a hotkey, or by itself), and when retention deletes sessions. A window then reads again what
// it shows instead of waiting for a reload. A new method that changes states gets a line in CHANGES.
import type { EventPayload, MethodName, RecordingSnapshot } from '../shared/contract.ts';
import type { HandlerInput, Handlers } from './invoke.ts';

export type AnnounceChange = (payload: EventPayload<'sessions.changed'>) => void;

/** The methods that change sessions' states, each with the session it changes (null: maybe several). */
const CHANGES: { [M in MethodName]?: (input: HandlerInput<M>) => string | null } = {
  'review.submit': ({ id }) => id,
  'review.approve': ({ id }) => id,
  'review.reject': ({ id }) => id,
  'sessions.delete': ({ id }) => id,
  'data.forget': () => null,
  'consent.withdraw': () => null,
};

/** The handlers, with those of CHANGES announcing the change once it is stored (not when refused). */
export function announcingChanges(handlers: Handlers, announce: AnnounceChange): Handlers {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const [method, changed] of Object.entries(CHANGES) as [MethodName, (input: unknown) => string | null][]) {
    const handler = handlers[method] as (input: unknown) => unknown;
    wrapped[method] = async (input: unknown) => {
      const result = await handler(input);
      announce({ id: changed(input) });
      return result;
    };
  }
  return wrapped as Handlers;
}

/** Follows the recorder's status: a recording that starts or ends changes its session's state. */
export function recordingChanges(announce: AnnounceChange): (snapshot: RecordingSnapshot) => void {
  let recording = false;
  return (snapshot) => {
    const now = snapshot.state !== 'idle';
    if (now === recording) return;
    recording = now;
    announce({ id: snapshot.sessionId });
  };
}
