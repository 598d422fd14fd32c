// The preload of every Cairn window: exposes `window.cairn`, one function per method of the API
// contract (generated from METHOD_NAMES) and `onEvent` for the contract's events. ipcRenderer
// itself never reaches the page. Runs sandboxed, so it is bundled (see electron.config.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { toBridgeError } from '../shared/api-error-codec.ts';
import { type ApiError, events, METHOD_NAMES, type MethodName } from '../shared/contract.ts';
import { WINDOW_API_KEY } from '../shared/window-api.ts';
import { API_CHANNEL, EVENT_CHANNEL } from './ipc-channels.ts';

type Reply = { ok: true; result: unknown } | { ok: false; error: ApiError };

const EVENT_NAMES: readonly string[] = Object.keys(events);

function apiFunction(method: MethodName) {
  return async (input: unknown): Promise<unknown> => {
    const reply = (await ipcRenderer.invoke(API_CHANNEL, method, input ?? {})) as Reply;
    if (reply.ok) return reply.result;
    throw toBridgeError(reply.error);
  };
}

function onEvent(name: unknown, listener: unknown): () => void {
  if (typeof name !== 'string' || !EVENT_NAMES.includes(name)) {
    throw toBridgeError({ code: 'unknown-method', message: `There is no event ${JSON.stringify(String(name)).slice(0, 80)}; the events are ${EVENT_NAMES.join(', ')}.` });
  }
  if (typeof listener !== 'function') throw toBridgeError({ code: 'invalid-input', message: 'onEvent needs a listener function.' });
  const forward = (_event: IpcRendererEvent, eventName: unknown, payload: unknown): void => {
    if (eventName === name) (listener as (payload: unknown) => void)(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, forward);
  };
}

const api: Record<string, unknown> = Object.fromEntries(METHOD_NAMES.map((method) => [method, apiFunction(method)]));
api.onEvent = onEvent;

contextBridge.exposeInMainWorld(WINDOW_API_KEY, api);
