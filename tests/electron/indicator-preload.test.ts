// The recording indicator's preload, as built (dist/electron/indicator-preload.cjs, by
// tests/global-setup.ts) and run against the stand-in `electron` of tests/helpers/electron-stand-in.ts,
// which records what it exposes: the indicator page gets the recorder's state and elapsed time, by
// one call and by the status event, and nothing else of the API.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_CHANNEL, EVENT_CHANNEL } from '../../src/electron/ipc-channels.ts';
import { METHOD_NAMES } from '../../src/shared/contract.ts';
import { loadPreload } from '../helpers/electron-stand-in.ts';

const built = (name: string) => fileURLToPath(new URL(`../../dist/electron/${name}`, import.meta.url));
const FULL_STATUS = { state: 'recording', sessionId: '0b6a3c1e-0000-4000-8000-000000000000', elapsedMs: 83_000, kept: 120, stored: 118, dropped: { denied: 4 }, frames: 9, bytes: 1234, storageUsed: 1, storageBudget: 2, warnings: ['w'], stoppedBecause: null };

interface IndicatorPageApi {
  status(): Promise<unknown>;
  onStatus(listener: unknown): () => void;
}

/** The indicator preload with a main side that answers every call with `reply`; records the calls. */
function indicator(reply: unknown = { ok: true, result: FULL_STATUS }) {
  const electron = loadPreload(built('indicator-preload.cjs'), {});
  const calls: unknown[][] = [];
  electron.handle(API_CHANNEL, (_event, ...args) => (calls.push(args), reply));
  return { electron, calls, api: electron.exposed.cairnIndicator as IndicatorPageApi };
}

describe('the recording indicator preload', () => {
  it('exposes only window.cairnIndicator, with the recorder status and its event', () => {
    const { electron } = indicator();
    expect(Object.keys(electron.exposed)).toEqual(['cairnIndicator']);
    expect(Object.keys(electron.exposed.cairnIndicator as object).sort()).toEqual(['onStatus', 'status']);
  });

  it('reads the status through its one method, and hands the page only the state and elapsed time', async () => {
    const { api, calls } = indicator();
    expect(await api.status()).toEqual({ state: 'recording', elapsedMs: 83_000 });
    expect(calls).toEqual([['recorder.status', {}]]);
  });

  it('passes a refusal on with its code, through the one codec', async () => {
    const { api } = indicator({ ok: false, error: { code: 'refused', message: 'This window may call only recorder.status.' } });
    await expect(api.status()).rejects.toThrow('[cairn:refused] This window may call only recorder.status.');
  });

  it('forwards only recorder.status events, stripped to state and elapsed time, until unsubscribed', () => {
    const { api, electron } = indicator();
    const seen: unknown[] = [];
    const stop = api.onStatus((status: unknown) => seen.push(status));
    electron.send(EVENT_CHANNEL, 'recorder.status', { ...FULL_STATUS, state: 'paused' });
    electron.send(EVENT_CHANNEL, 'sessions.changed', { id: 'x' });
    stop();
    electron.send(EVENT_CHANNEL, 'recorder.status', FULL_STATUS);
    expect(seen).toEqual([{ state: 'paused', elapsedMs: 83_000 }]);
    expect(() => api.onStatus('not a function')).toThrow('[cairn:invalid-input] onStatus needs a listener function.');
  });

  it('differs from the app window\'s preload, which exposes every method of the API', () => {
    const app = loadPreload(built('preload.cjs'), {});
    expect(Object.keys(app.exposed)).toEqual(['cairn']);
    expect(Object.keys(app.exposed.cairn as object).sort()).toEqual([...METHOD_NAMES, 'onEvent'].sort());
  });
});
