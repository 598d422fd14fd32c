// The recording indicator's preload, as built (dist/electron/indicator-preload.cjs) and loaded with a
// stand-in `electron` module that records what it exposes: the indicator page gets the recorder's
// state and elapsed time, by one call and by the status event, and nothing else of the API.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../src/shared/contract.ts';
import { API_CHANNEL, EVENT_CHANNEL } from '../../src/electron/ipc-channels.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Runs a built preload with a stand-in electron; returns what it exposed, required and invoked. */
function loadPreload(file: string, reply: unknown = { ok: true, result: {} }) {
  const exposed: Array<{ key: string; api: Record<string, (...args: unknown[]) => unknown> }> = [];
  const required: string[] = [];
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Listener[]>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: never) => exposed.push({ key, api }) },
    ipcRenderer: {
      invoke: async (...args: unknown[]) => (invoked.push(args), reply),
      on: (channel: string, listener: Listener) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
      removeListener: (channel: string, listener: Listener) => listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
    },
  };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(`(function (require, module, exports) {${readFileSync(file, 'utf8')}\n})`, {}, { filename: file })(require, module, module.exports);
  const emit = (name: string, payload: unknown) => (listeners.get(EVENT_CHANNEL) ?? []).forEach((l) => l({}, name, payload));
  return { exposed, required, invoked, listeners, emit };
}

const built = (name: string) => fileURLToPath(new URL(`../../dist/electron/${name}`, import.meta.url));
const INDICATOR = built('indicator-preload.cjs');

const FULL_STATUS = { state: 'recording', sessionId: '0b6a3c1e-0000-4000-8000-000000000000', elapsedMs: 83_000, kept: 120, stored: 118, dropped: { denied: 4 }, frames: 9, bytes: 1234, storageUsed: 1, storageBudget: 2, warnings: ['w'], stoppedBecause: null };

describe('the recording indicator preload', () => {
  it('exposes only the recorder status and its event, as window.cairnIndicator, and requires only electron', () => {
    const { exposed, required } = loadPreload(INDICATOR);
    expect(exposed.map((e) => e.key)).toEqual(['cairnIndicator']);
    expect(Object.keys(exposed[0]!.api).sort()).toEqual(['onStatus', 'status']);
    expect(required).toEqual(['electron']);
  });

  it('reads the status through the one method, and hands the page only the state and elapsed time', async () => {
    const { exposed, invoked } = loadPreload(INDICATOR, { ok: true, result: FULL_STATUS });
    expect(await exposed[0]!.api.status!()).toEqual({ state: 'recording', elapsedMs: 83_000 });
    expect(invoked).toEqual([[API_CHANNEL, 'recorder.status', {}]]);
  });

  it('forwards only recorder.status events, stripped to state and elapsed time, until unsubscribed', () => {
    const { exposed, emit, listeners } = loadPreload(INDICATOR);
    const seen: unknown[] = [];
    const stop = exposed[0]!.api.onStatus!((status: unknown) => seen.push(status)) as () => void;
    emit('recorder.status', { ...FULL_STATUS, state: 'paused' });
    emit('sessions.changed', { id: 'x' });
    stop();
    emit('recorder.status', FULL_STATUS);
    expect(seen).toEqual([{ state: 'paused', elapsedMs: 83_000 }]);
    expect(listeners.get(EVENT_CHANNEL)).toEqual([]);
    expect(() => exposed[0]!.api.onStatus!('not a function')).toThrow('onStatus needs a listener function.');
  });

  it('differs from the app window\'s preload, which exposes every method of the API', () => {
    const { exposed } = loadPreload(built('preload.cjs'));
    expect(exposed.map((e) => e.key)).toEqual(['cairn']);
    expect(Object.keys(exposed[0]!.api).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
  });
});
