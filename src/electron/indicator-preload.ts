// The preload of the recording indicator's window: exposes `window.cairnIndicator` (indicator-api.ts),
// the recorder's status and its status events, instead of the whole API that preload.ts gives the
// app's window. Runs sandboxed, so it is bundled on its own (electron.config.ts `indicatorPreload`).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { toBridgeError } from '../shared/api-error-codec.ts';
import type { ApiError } from '../shared/contract.ts';
import { type IndicatorApi, INDICATOR_EVENT, INDICATOR_GLOBAL, INDICATOR_METHOD, indicatorStatus } from './indicator-api.ts';
import { API_CHANNEL, EVENT_CHANNEL } from './ipc-channels.ts';

const api: IndicatorApi = {
  async status() {
    const reply = (await ipcRenderer.invoke(API_CHANNEL, INDICATOR_METHOD, {})) as { ok: true; result: unknown } | { ok: false; error: ApiError };
    if (!reply.ok) throw toBridgeError(reply.error);
    return indicatorStatus(reply.result);
  },
  onStatus(listener) {
    if (typeof listener !== 'function') throw toBridgeError({ code: 'invalid-input', message: 'onStatus needs a listener function.' });
    const forward = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === INDICATOR_EVENT) listener(indicatorStatus(payload));
    };
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld(INDICATOR_GLOBAL, api);
