import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/host/invoke.ts';
import { INDICATOR_METHOD } from '../../src/electron/indicator-api.ts';
import { type ApiCallEvent, handleApiCall, type SenderFrame } from '../../src/electron/ipc.ts';

const calls: unknown[] = [];
const handlers = new Proxy({} as Handlers, {
  get: (_t, name) => (input: unknown) => {
    calls.push([name, input]);
    return { events: 3, frames: 1, deletedSessions: 0 };
  },
});

const OWN_WINDOW = 7;
const isOwn = (id: number) => id === OWN_WINDOW;
const frame = (url: string, extra: Partial<SenderFrame> = {}): SenderFrame => ({ url, parent: null, processId: 4, routingId: 1, ...extra });

function event(options: { url?: string; senderFrame?: SenderFrame | null; webContentsId?: number } = {}): ApiCallEvent {
  const top = frame(options.url ?? 'cairn://app/index.html');
  return { senderFrame: options.senderFrame === undefined ? top : options.senderFrame, sender: { id: options.webContentsId ?? OWN_WINDOW, mainFrame: top } };
}

const call = (e: ApiCallEvent, method: unknown, input: unknown) => handleApiCall(handlers, e, method, input, isOwn);

describe('the IPC API handler', () => {
  it('passes a call from the top frame of a Cairn window on cairn://app/ to the handler', async () => {
    expect(await call(event(), 'data.forget', { minutes: 5 })).toEqual({ ok: true, result: { events: 3, frames: 1, deletedSessions: 0 } });
    expect(calls.at(-1)).toEqual(['data.forget', { minutes: 5 }]);
  });

  it('rejects malformed input through the contract, without calling the handler', async () => {
    calls.length = 0;
    for (const input of [{ minutes: 'five' }, { minutes: -1 }, { minutes: 5, extra: true }, 'five', [5]]) {
      expect(await call(event(), 'data.forget', input)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await call(event(), 'no.such.method', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await call(event(), '__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(calls).toEqual([]);
  });

  it('refuses foreign or missing senders before looking at the call', async () => {
    calls.length = 0;
    const foreign: Array<[string, ApiCallEvent]> = [
      ['no frame (destroyed or navigated away)', event({ senderFrame: null })],
      ['a page that navigated off the app', event({ url: 'https://example.com/' })],
      ['a file:// page', event({ url: 'file:///tmp/evil.html' })],
      ['a look-alike host', event({ url: 'cairn://app.evil/index.html' })],
      ['a window Cairn did not create', event({ webContentsId: 99 })],
      ['an iframe inside the app', event({ senderFrame: frame('cairn://app/index.html', { parent: {}, routingId: 2 }) })],
      ['a frame that is not the main frame', event({ senderFrame: frame('cairn://app/index.html', { routingId: 3 }) })],
    ];
    for (const [why, e] of foreign) {
      const reply = await call(e, 'data.forget', { minutes: 5 });
      expect(reply, why).toMatchObject({ ok: false, error: { code: 'refused', message: expect.stringMatching(/refused\.$/) } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses a sender whose frame throws when read (destroyed mid-call)', async () => {
    const destroyed = { get url(): string { throw new Error('Render frame was disposed'); }, parent: null, processId: 4, routingId: 1 };
    expect(await call(event({ senderFrame: destroyed }), 'data.forget', { minutes: 5 })).toMatchObject({ ok: false, error: { code: 'refused' } });
  });

  it('gives the recording indicator\'s window the recorder status and refuses it every other method', async () => {
    calls.length = 0;
    const INDICATOR = 8;
    const onlyStatus = (id: number) => (id === INDICATOR ? [INDICATOR_METHOD] : 'all' as const);
    const fromIndicator = (method: string, input: unknown) =>
      handleApiCall(handlers, event({ webContentsId: INDICATOR }), method, input, (id) => id === OWN_WINDOW || id === INDICATOR, onlyStatus);
    // The status call reaches its handler (whose stand-in answer the contract then rejects).
    expect(await fromIndicator('recorder.status', {})).not.toMatchObject({ error: { code: 'refused' } });
    for (const method of ['data.forget', 'sessions.list', 'consent.withdraw', 'recorder.stop']) {
      expect(await fromIndicator(method, { minutes: 5 }), method).toEqual({
        ok: false,
        error: { code: 'refused', message: `This window may call only recorder.status; "${method}" was refused.` },
      });
    }
    expect(calls).toEqual([['recorder.status', {}]]);
    // The app's own window keeps the whole API.
    expect(await handleApiCall(handlers, event(), 'data.forget', { minutes: 5 }, isOwn, onlyStatus)).toMatchObject({ ok: true });
  });
});
