// The type of `window.cairn`, the API the Electron preload exposes to the renderer: one function per
// contract method plus `onEvent`, derived from the contract (never written by hand). Type-only
// imports, so the renderer can use it without pulling anything in.
import type { ApiError, CairnApi, EventName, EventPayload } from './contract.ts';

/** Stops the listener that `onEvent` registered. */
export type Unsubscribe = () => void;

export type CairnWindowApi = CairnApi & {
  onEvent<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/** The key under which the preload exposes the API: `window.cairn`. */
export const WINDOW_API_KEY = 'cairn';

/**
 * Errors crossing Electron's contextBridge keep only their message, so the preload writes the API
 * error's code into it as `[cairn:CODE] sentence`; this reads it back.
 */
export function bridgeErrorMessage(error: ApiError): string {
  return `[cairn:${error.code}] ${error.message}`;
}

export function apiErrorFromBridge(error: unknown): ApiError {
  const text = error instanceof Error ? error.message : String(error);
  const match = /^(?:Error: )?\[cairn:([a-z-]+)\] ([\s\S]*)$/.exec(text);
  if (!match) return { code: 'internal', message: text };
  return { code: match[1] as ApiError['code'], message: match[2]! };
}
