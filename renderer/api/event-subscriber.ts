// How the renderer hears the events the core pushes (see `events` in the contract). The Electron
// preload exposes the same function next to the API methods.
import type { EventName, EventPayload } from '../../src/shared/contract.ts';

export interface EventSubscriber {
  /** Calls `callback` with every `name` event; returns the function that stops it. */
  onEvent<E extends EventName>(name: E, callback: (payload: EventPayload<E>) => void): () => void;
}
