// Error codes across the desktop app's boundaries, end to end but for the Electron binary (which
// cannot run here): the BUILT preload (dist/electron/preload.cjs, built by tests/global-setup.ts)
// runs against a stand-in `electron` that treats errors as Electron does (tests/helpers/
// electron-stand-in.ts says exactly what it reproduces); its main side is the app's own IPC handler
// over a real Cairn service and store; the page side is the renderer's real getApi. A refusal of the
// core must reach the renderer as an ApiCallError with the core's code and its exact sentence, or
// the review screen's refusal paths never run.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../renderer/api/api-call-error.ts';
import { API_CHANNEL } from '../../src/electron/ipc-channels.ts';
import { type ApiCallEvent, handleApiCall, type SenderFrame } from '../../src/electron/ipc.ts';
import { type CairnService, createCairnService } from '../../src/host/cairn-service.ts';
import type { InvokeResult } from '../../src/host/invoke.ts';
import { events } from '../../src/shared/contract.ts';
import type { ApiError, CairnApi } from '../../src/shared/contract.ts';
import { WINDOW_API_KEY } from '../../src/shared/window-api.ts';
import { type ElectronStandIn, loadPreload } from '../helpers/electron-stand-in.ts';
import { seedReviewSession } from '../helpers/seed-review.ts';
import { seedRecordedSession } from '../helpers/seed-session.ts';

const PRELOAD = fileURLToPath(new URL('../../dist/electron/preload.cjs', import.meta.url));
// Imported by path at run time: the renderer's modules are typed by renderer/tsconfig.json (with
// the DOM library), not by the Node tsconfig this test is checked with.
const GET_API = fileURLToPath(new URL('../../renderer/api/get-api.ts', import.meta.url));

const SUBMITTED = '5e551011-aaaa-4bbb-8ccc-000000000001';
const RECORDED = '5e551011-aaaa-4bbb-8ccc-000000000002';
const NOWHERE = '5e551011-aaaa-4bbb-8ccc-0000000000ff';

type PageApi = CairnApi & { onEvent(name: string, listener: (payload: unknown) => void): () => void };

let service: CairnService;
let electron: ElectronStandIn;
let api: PageApi;
/** What the main side answered, to compare with what the page received. */
const replies: InvokeResult[] = [];
/** When set, the main handler itself throws this (as a crash in main.ts's handler would). */
let mainThrows: Error | null = null;

beforeAll(async () => {
  expect(existsSync(PRELOAD), `${PRELOAD} is missing: tests/global-setup.ts builds it (npm run build)`).toBe(true);
  const dataDir = mkdtempSync(join(tmpdir(), 'cairn-preload-errors-'));
  await seedReviewSession(dataDir, { id: SUBMITTED, state: 'submitted', findings: 'one-open' });
  seedRecordedSession(dataDir, { id: RECORDED });
  service = createCairnService({ dataDir });

  const top: SenderFrame = { url: 'cairn://app/index.html', parent: null, processId: 4, routingId: 1 };
  const sender: ApiCallEvent = { senderFrame: top, sender: { id: 1, mainFrame: top } };
  electron = loadPreload(PRELOAD, sender);
  // As src/electron/main.ts registers it.
  electron.handle(API_CHANNEL, async (event, method, input) => {
    if (mainThrows) throw mainThrows;
    const reply = await handleApiCall(service.handlers, event as ApiCallEvent, method, input, (id) => id === 1);
    replies.push(reply);
    return reply;
  });
  Object.assign(globalThis, { window: { [WINDOW_API_KEY]: electron.exposed[WINDOW_API_KEY] } });
  const { getApi } = (await import(GET_API)) as { getApi: () => PageApi };
  api = getApi();
});

afterAll(async () => {
  await service?.close();
  Reflect.deleteProperty(globalThis, 'window');
});

/** What the page's call failed with. */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

const asApiError = (error: unknown): ApiError => {
  expect(error).toBeInstanceOf(ApiCallError);
  const { code, message } = error as ApiCallError;
  return { code: code as ApiError['code'], message };
};

describe('an API error through the built preload', () => {
  it('crosses the bridge as a bare Error, as Electron passes it: no code property, the code only in the text', async () => {
    const exposed = electron.exposed[WINDOW_API_KEY] as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.isFrozen(exposed)).toBe(true);
    const raw = await failure(() => exposed['review.approve']!({ id: SUBMITTED }));
    expect(raw).toBeInstanceOf(Error);
    expect(Object.getPrototypeOf(raw)).toBe(Error.prototype);
    expect((raw as { code?: unknown }).code).toBeUndefined();
    expect((raw as Error).message).toMatch(/^\[cairn:refused\] Session /);
  });

  it('arrives in the renderer as refused with the core\'s exact sentence when approval meets an open finding', async () => {
    const received = asApiError(await failure(() => api['review.approve']({ id: SUBMITTED })));
    const answered = replies.at(-1)!;
    expect(answered.ok).toBe(false);
    expect(received).toEqual((answered as { error: ApiError }).error);
    expect(received.code).toBe('refused');
    expect(received.message).toMatch(/^Session 5e551011-aaaa-4bbb-8ccc-000000000001 has 1 open finding; redact or waive it \(`cairn redact`, or the review screen\) before approving\.$/);
  });

  it('keeps every other code the core answers with, and its sentence', async () => {
    const cases: [ApiError['code'], () => Promise<unknown>][] = [
      ['conflict', () => api['review.approve']({ id: RECORDED })],
      ['not-found', () => api['sessions.get']({ id: NOWHERE })],
      ['invalid-input', () => api['data.forget']({ minutes: 'five' as unknown as number })],
    ];
    for (const [code, call] of cases) {
      const received = asApiError(await failure(call));
      expect(received.code, received.message).toBe(code);
      expect(received).toEqual((replies.at(-1) as { error: ApiError }).error);
      expect(received.message).toMatch(/^[A-Z].*\.$/);
    }
    expect((await api['consent.get']({})).version).toBeTruthy();
  });

  it('keeps the code of an error the preload throws itself (onEvent with an unknown event)', async () => {
    const received = asApiError(await failure(() => api.onEvent('recorder.everything', () => undefined)));
    expect(received).toEqual({ code: 'unknown-method', message: `There is no event "recorder.everything"; the events are ${Object.keys(events).join(', ')}.` });
  });

  it('reads a failure of the main handler itself as internal, without Electron\'s "Error invoking remote method" prefix', async () => {
    mainThrows = new Error('The service process stopped.');
    try {
      const received = asApiError(await failure(() => api['sessions.list']({})));
      expect(received).toEqual({ code: 'internal', message: 'The service process stopped.' });
    } finally {
      mainThrows = null;
    }
  });
});
